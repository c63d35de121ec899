// SnapshotReaders: extra connections that see exactly the run's snapshot, so that one
// table can be read by several COPYs at once (both cores busy on the server and in the
// client) and the result is still one consistent view of the data.
//
// The run's REPEATABLE READ transaction exports its snapshot (pg_export_snapshot); each
// helper opens a connection to the same database and starts a REPEATABLE READ
// transaction that imports it (SET TRANSACTION SNAPSHOT). The exported snapshot lives as
// long as the exporting transaction: a SnapshotReaders must be destroyed before it ends.
// Helpers only read (and may create their own temporary tables); they never commit
// anything that matters.
//
// Temporary tables of the run's own session (an incremental run's scope) are not visible
// to helpers: incremental runs read on the run's transaction alone.
#pragma once

#include <memory>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"

namespace xmatch::matcher {

class SnapshotReaders {
 public:
  // Opens `helpers` connections (0: none) reading in the snapshot of `tx`, a REPEATABLE
  // READ transaction on `conn`. Errors: store::StatusFromPqxx.
  static Result<SnapshotReaders> Open(pqxx::connection& conn, pqxx::transaction_base& tx,
                                      int helpers);

  // The transactions to read with: `tx` first, then the helpers'. Each is used by one
  // thread at a time.
  const std::vector<pqxx::transaction_base*>& readers() const { return readers_; }

 private:
  using Transaction = pqxx::transaction<pqxx::isolation_level::repeatable_read>;
  struct Helper {
    std::unique_ptr<pqxx::connection> conn;
    std::unique_ptr<Transaction> tx;
  };

  std::vector<Helper> helpers_;
  std::vector<pqxx::transaction_base*> readers_;
};

}  // namespace xmatch::matcher
