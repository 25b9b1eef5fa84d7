-- Files posted in circles (issue #15): uploaded into a circle first, then posted with a thread's
-- opening post or a reply (at most 5 to a post), read by whoever reads the post. One no post took,
-- or whose post was deleted, is removed with its file after a day.
CREATE TABLE circle_attachments (
    id TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    post_id TEXT REFERENCES circle_posts (id) ON DELETE SET NULL,
    uploader_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    file_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX circle_attachments_by_post ON circle_attachments (post_id);
CREATE INDEX circle_attachments_waiting ON circle_attachments (created_at) WHERE post_id IS NULL;
