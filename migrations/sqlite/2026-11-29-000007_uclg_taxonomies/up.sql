-- UCLG's own taxonomies beside the SDGs. Both lists are reference data the Secretariat will edit
-- (the policy councils were renewed after the 2022 Daejeon Congress), so they live in tables, seeded
-- here with the Durban 2019 manifestos and the 2020-2022 policy councils in the three languages.
CREATE TABLE manifestos (
    key TEXT PRIMARY KEY NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE policy_councils (
    id TEXT PRIMARY KEY NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL
);

INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('local_finance', 'Local finance', 'Finances locales', 'Finanzas locales', 1);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('equality', 'Equality (beyond Beijing+25)', 'Égalité (au-delà de Beijing+25)', 'Igualdad (más allá de Beijing+25)', 2);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('mobility', 'Mobility', 'Mobilité', 'Movilidad', 3);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('culture', 'Culture', 'Culture', 'Cultura', 4);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('ecology', 'Ecology', 'Écologie', 'Ecología', 5);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('housing', 'Housing', 'Logement', 'Vivienda', 6);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('biodiversity', 'Biodiversity', 'Biodiversité', 'Biodiversidad', 7);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('transparency_open_government', 'Transparency and open government', 'Transparence et gouvernement ouvert', 'Transparencia y gobierno abierto', 8);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('migration', 'Migration', 'Migration', 'Migración', 9);
INSERT INTO manifestos (key, name_en, name_fr, name_es, position) VALUES ('resilience', 'Resilience', 'Résilience', 'Resiliencia', 10);

INSERT INTO policy_councils (id, name_en, name_fr, name_es, active, position) VALUES ('right_to_the_city', 'Right to the City and Inclusive Territories', 'Droit à la ville et territoires inclusifs', 'Derecho a la ciudad y territorios inclusivos', TRUE, 1);
INSERT INTO policy_councils (id, name_en, name_fr, name_es, active, position) VALUES ('opportunities_for_all', 'Opportunities for All, Culture and City Diplomacy', 'Opportunités pour tous, culture et diplomatie des villes', 'Oportunidades para todos, cultura y diplomacia de las ciudades', TRUE, 2);
INSERT INTO policy_councils (id, name_en, name_fr, name_es, active, position) VALUES ('multilevel_governance', 'Territorial Multilevel Governance and Sustainable Financing', 'Gouvernance territoriale multiniveaux et financement durable', 'Gobernanza territorial multinivel y financiación sostenible', TRUE, 3);
INSERT INTO policy_councils (id, name_en, name_fr, name_es, active, position) VALUES ('resilient_cities', 'Safe, Resilient and Sustainable Cities', 'Villes sûres, résilientes et durables', 'Ciudades seguras, resilientes y sostenibles', TRUE, 4);
INSERT INTO policy_councils (id, name_en, name_fr, name_es, active, position) VALUES ('new_urban_agenda', 'Implementation of the New Urban Agenda', 'Mise en œuvre du Nouvel Agenda urbain', 'Implementación de la Nueva Agenda Urbana', TRUE, 5);

-- A hub's tags: the SDG targets it serves (codes from shared/data/sdgs.json), the manifestos it
-- follows and the policy councils it feeds.
CREATE TABLE hub_sdg_targets (
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (hub_id, code)
);

CREATE TABLE hub_manifestos (
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    manifesto_key TEXT NOT NULL REFERENCES manifestos (key),
    PRIMARY KEY (hub_id, manifesto_key)
);

CREATE INDEX hub_manifestos_key_idx ON hub_manifestos (manifesto_key, hub_id);

CREATE TABLE hub_policy_councils (
    hub_id TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    policy_council_id TEXT NOT NULL REFERENCES policy_councils (id),
    PRIMARY KEY (hub_id, policy_council_id)
);

CREATE INDEX hub_policy_councils_id_idx ON hub_policy_councils (policy_council_id, hub_id);
