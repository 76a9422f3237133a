// The LogQL validator is model code and lives in core (dashboards use it too); re-exported here, where
// the Loki rule classes and packs import it and where it was first published.
export * from '../core/logql';
