// The consumer-group lock: how `xmatch offsets set` knows that no connector of a group is
// running. Every `xmatch connect` holds it shared on its RecordStore connection for as
// long as it runs (taken again after a reconnection); moving stored offsets takes it
// exclusively, without waiting, and refuses when a connector holds it. A PostgreSQL
// advisory lock: it ends with the session, so a killed connector leaves none behind.
#pragma once

namespace xmatch::connectors {

// pg_advisory_lock(kGroupLockClass, hashtext(group)): "xmcg" in ASCII. The two-integer
// key space does not overlap the one-bigint keys of the matcher and the migrations.
inline constexpr int kGroupLockClass = 0x786d6367;

}  // namespace xmatch::connectors
