DROP TABLE recommendation_citations;
DROP TABLE recommendations;
