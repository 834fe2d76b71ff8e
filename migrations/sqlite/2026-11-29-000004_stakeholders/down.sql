DROP TABLE stakeholders;
