DROP TABLE notifications;
DROP TABLE audit_log;
DROP TABLE join_requests;
DROP TABLE association_members;
DROP TABLE association_terms;
DROP TABLE association_fields;
DROP TABLE associations;
