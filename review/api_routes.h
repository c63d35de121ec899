// The route table of review/API.md: which handler answers which method and path, and
// which roles may call it at all (others get 403 `forbidden` and an `access_denied`
// audit row from review/review_app.h). Region checks are the handlers' own.
#pragma once

#include "review/router.h"

namespace xmatch::review {

void AddApiRoutes(Router& router);

}  // namespace xmatch::review
