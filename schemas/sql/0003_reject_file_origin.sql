-- xmatch schema, version 3: a department file imported twice must not store its rejects
-- twice. Kafka rejects are unique by topic/partition/offset (0001); a file's by file,
-- line and payload, so a line that changed between two imports is kept as well.
CREATE UNIQUE INDEX rejects_file_origin ON rejects (origin_file, origin_line, md5(payload))
  WHERE origin_file IS NOT NULL;
