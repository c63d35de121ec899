#include "rolls/deferred_indexes.h"

namespace xmatch::rolls {
namespace {

// Constraints backed by an index (primary key, unique) are dropped and added back as
// constraints; every other index by its own definition.
const char kConstraints[] = R"sql(
SELECT quote_ident(conname), pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid = $1::regclass AND contype IN ('p', 'u')
ORDER BY contype, conname)sql";

const char kPlainIndexes[] = R"sql(
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
FROM pg_index
WHERE indrelid = $1::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = pg_index.indexrelid)
ORDER BY indexrelid)sql";

}  // namespace

DeferredIndexes DeferredIndexes::Drop(pqxx::work& tx, const std::string& table) {
  DeferredIndexes deferred;
  for (const pqxx::row& r : tx.exec_params(kConstraints, table)) {
    const std::string name = r[0].as<std::string>();
    tx.exec0("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
    deferred.rebuild_sql_.push_back("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " +
                                    r[1].as<std::string>());
  }
  for (const pqxx::row& r : tx.exec_params(kPlainIndexes, table)) {
    tx.exec0("DROP INDEX " + r[0].as<std::string>());
    deferred.rebuild_sql_.push_back(r[1].as<std::string>());
  }
  return deferred;
}

void DeferredIndexes::Rebuild(pqxx::work& tx) const {
  if (rebuild_sql_.empty()) return;
  tx.exec0("SET LOCAL maintenance_work_mem = '256MB'");
  for (const std::string& sql : rebuild_sql_) tx.exec0(sql);
}

}  // namespace xmatch::rolls
