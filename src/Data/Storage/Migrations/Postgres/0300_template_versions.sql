-- PostgreSQL form of ../0300_template_versions.sql: same tables and keys; BIGINT for Unix milliseconds and 0/1 flags, DOUBLE PRECISION for figures.
-- Template versions (dashboard): every version of every template set, its files, and which one is
-- in use. The archive's reports.template_version is the version column here, so a brief is rendered
-- again from exactly the files it was built with.

CREATE TABLE template_versions (
    template_set  TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    files_json    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    active        BIGINT  NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    PRIMARY KEY (template_set, version)
);
CREATE INDEX template_versions_by_version ON template_versions (version);
-- At most one version of a set is in use.
CREATE UNIQUE INDEX template_versions_one_active ON template_versions (template_set) WHERE active = 1;
