DROP TABLE connections;
DROP TABLE member_profiles;
DROP TABLE association_follows;
