#include "review/sql_params.h"

#include "common/hex.h"

namespace xmatch::review {

std::string PreparedStatement(pqxx::transaction_base& tx, const std::string& sql) {
  // 128 bits of the hash: two query texts never share a name.
  std::string name = "xm_" + Sha256Hex(sql).substr(0, 32);
  tx.conn().prepare(name, sql);  // a no-op when already defined with this text
  return name;
}

std::string SqlParams::BindArray(const std::vector<std::string>& items) {
  std::string literal = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) literal += ',';
    literal += items[i];
  }
  literal += '}';
  return Bind(std::move(literal)) + "::text[]";
}

}  // namespace xmatch::review
