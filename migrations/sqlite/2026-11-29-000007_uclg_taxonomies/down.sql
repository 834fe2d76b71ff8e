DROP TABLE hub_policy_councils;
DROP TABLE hub_manifestos;
DROP TABLE hub_sdg_targets;
DROP TABLE policy_councils;
DROP TABLE manifestos;
