// SqlParams: the bound values of a query assembled from optional parts (the queue's
// filters, the access policy's region predicate). Each value gets a placeholder
// ($1, $2, ...) in the order it was bound; the SQL text never contains a value.
// Queries run as prepared statements of their connection (PreparedStatement below), in
// PostgreSQL's default plan_cache_mode: a query shape planned for its values five times
// keeps a generic plan only when that costs no more, so the simple counts are planned
// once, while a filtered page (whose generic plan cannot know its LIMIT and OFFSET and
// would sort every matching clue) is still planned for its values each time.
// Owned by the function building the query; not thread-safe.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace xmatch::review {

// The name under which `sql` is prepared on tx's connection, defining it on first use
// (libpqxx registers it with the server on its first execution). The name is derived
// from the text (a SHA-256 prefix), so every connection names a query alike and a
// connection holds one statement per query shape the server builds: a bounded set.
std::string PreparedStatement(pqxx::transaction_base& tx, const std::string& sql);

class SqlParams {
 public:
  // Keeps `value` and returns its placeholder, e.g. "$3".
  std::string Bind(std::string value) {
    values_.push_back(std::move(value));
    return "$" + std::to_string(values_.size());
  }
  // Binds `items` as one PostgreSQL text[] (use as `col = ANY($n::text[])`). Items must
  // hold only characters that need no quoting in an array literal (digits, letters, _).
  std::string BindArray(const std::vector<std::string>& items);

  // Runs `sql` with the bound values, as a prepared statement of tx's connection.
  pqxx::result Exec(pqxx::transaction_base& tx, const std::string& sql) const {
    return tx.exec_prepared(PreparedStatement(tx, sql), pqxx::prepare::make_dynamic_params(values_));
  }

 private:
  std::vector<std::string> values_;
};

}  // namespace xmatch::review
