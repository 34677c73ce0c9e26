-- Template versions (dashboard): every version of every template set, its files, and which one is
-- in use. The archive's reports.template_version is the version column here, so a brief is rendered
-- again from exactly the files it was built with.

CREATE TABLE template_versions (
    template_set  TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    files_json    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    PRIMARY KEY (template_set, version)
) WITHOUT ROWID;
CREATE INDEX template_versions_by_version ON template_versions (version);
-- At most one version of a set is in use.
CREATE UNIQUE INDEX template_versions_one_active ON template_versions (template_set) WHERE active = 1;
