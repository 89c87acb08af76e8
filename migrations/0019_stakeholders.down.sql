DROP TABLE IF EXISTS initiative_stakeholders;
DROP TABLE IF EXISTS stakeholders;
