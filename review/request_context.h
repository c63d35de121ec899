// RequestContext: what a handler of the review API gets once the server has checked the
// session, the CSRF token (state-changing requests) and that the principal's role may
// call the route at all. Region checks, which need the object, are the handler's
// (review/access_policy.h). Owned by the server for the duration of one request.
#pragma once

#include <functional>

#include <pqxx/pqxx>

#include "review/api_types.h"
#include "review/principal.h"

namespace xmatch::review {

struct RequestContext {
  const ApiRequest& request;
  const Principal& principal;
  pqxx::connection& conn;  // this request's own connection; no transaction open
};

using Handler = std::function<ApiResponse(const RequestContext&)>;

}  // namespace xmatch::review
