// The rejects.payload text (schemas/sql/0001_init.sql): what the department sent, with
// every resident ID number replaced, safe to store in a PostgreSQL text column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/token.h"
#include "connectors/json_message.h"

namespace xmatch::connectors {

// For a message that parsed as JSON: its members in order, as one JSON object, where an
// `id_number` member becomes `"id_token":"<token>","key_version":<current>` when it is a
// valid ID, or `"id_number":"[invalid ID redacted]"` when it is not. Any other ID-shaped
// digit run (in a name, a record_id, an extra field) is then redacted as in logs
// (RedactIdNumbers). Requires !keyring.empty().
std::string RejectPayload(const std::vector<JsonMember>& members, const TokenKeyring& keyring);

// Any text bound for the rejects table that did not come out of RejectPayload: the
// payload of a message that is not valid JSON, a reject message quoting a value, an
// agreement_id. ID-shaped digit runs redacted (RedactIdNumbers), then invalid UTF-8,
// NUL and other control bytes (except tab and newline) replaced by U+FFFD, so
// PostgreSQL accepts it as text.
std::string StorableRejectText(std::string_view text);

}  // namespace xmatch::connectors
