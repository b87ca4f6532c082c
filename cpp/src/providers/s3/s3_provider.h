// Amazon S3 (and S3-compatible stores at configured hosts): stat and list by ListObjectsV2,
// ranged parallel reads, and writes (PutObject, multipart uploads), server-side copies within a
// bucket, deletes, folders as `folder/` markers. Requests are signed with SigV4.
#pragma once

#include "core/provider.h"
#include "providers/http_transport/transport.h"

#include <memory>

namespace omniclient::s3 {

std::unique_ptr<Provider> make_s3_provider(std::shared_ptr<http::Transport> transport);

}  // namespace omniclient::s3
