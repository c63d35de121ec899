#include "matcher/run/snapshot_readers.h"

#include <string>

#include "store/connection.h"

namespace xmatch::matcher {

Result<SnapshotReaders> SnapshotReaders::Open(pqxx::connection& conn, pqxx::transaction_base& tx,
                                              int helpers) {
  SnapshotReaders out;
  out.readers_.push_back(&tx);
  if (helpers <= 0) return out;
  try {
    const std::string snapshot = tx.exec1("SELECT pg_export_snapshot()")[0].c_str();
    for (int i = 0; i < helpers; ++i) {
      XM_ASSIGN_OR_RETURN(std::unique_ptr<pqxx::connection> helper_conn,
                          store::Connect(conn.options()));
      Helper helper{std::move(helper_conn), nullptr};
      helper.tx = std::make_unique<Transaction>(*helper.conn);
      helper.tx->exec0("SET TRANSACTION SNAPSHOT " + helper.tx->quote(snapshot));
      out.readers_.push_back(helper.tx.get());
      out.helpers_.push_back(std::move(helper));
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "opening the reader connections");
  }
  return out;
}

}  // namespace xmatch::matcher
