// Bulk loading into an empty table: its indexes are dropped inside the import's
// transaction and built again after the COPY, one sort per index instead of a million
// random B-tree inserts (how pg_restore loads a dump). The definitions come from the
// catalog, so a migration that adds an index needs no change here.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace xmatch::rolls {

// The indexes (primary key and unique constraints included) of one table, dropped by
// Drop and created again by Rebuild, both in the caller's transaction: if the import
// fails, the rollback brings the indexes back untouched. Dropping takes the table's
// ACCESS EXCLUSIVE lock until commit, so callers use it only when the table is empty
// (nothing for readers to see anyway).
class DeferredIndexes {
 public:
  // Drops every index of `table` (a constant name) and remembers how to build it.
  static DeferredIndexes Drop(pqxx::work& tx, const std::string& table);

  // Builds the dropped indexes again, with enough sort memory to do each in one pass.
  void Rebuild(pqxx::work& tx) const;

 private:
  std::vector<std::string> rebuild_sql_;
};

}  // namespace xmatch::rolls
