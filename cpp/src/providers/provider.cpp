#include "providers/provider.h"

namespace omniclient {

// Every operation a provider did not override is unsupported; the core normally refuses such
// operations from the declared capabilities before they get here.
void Provider::stat(OpContext /*ctx*/, const Target& /*target*/, OmniListIncludeOption /*include*/, Done<StatResult> done) { done(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::list(OpContext /*ctx*/, const Target& /*target*/, OmniListIncludeOption /*include*/, Done<ListResult> done) { done(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::read_file(OpContext /*ctx*/, const Target& /*target*/, Done<ReadResult> done) { done(error_answer<ReadResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::write_file(OpContext /*ctx*/, const Target& /*target*/, const WriteArgs& /*args*/, Done<WriteResult> done) { done(error_answer<WriteResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::create_folder(OpContext /*ctx*/, const Target& /*target*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::remove(OpContext /*ctx*/, const Target& /*target*/, bool /*recursive*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::copy(OpContext /*ctx*/, const Target& /*src*/, const Target& /*dst*/, const CopyArgs& /*args*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::move(OpContext /*ctx*/, const Target& /*src*/, const Target& /*dst*/, const CopyArgs& /*args*/, Done<MoveResult> done) { done(error_answer<MoveResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::create_checkpoint(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*comment*/, bool /*force*/, Done<StringResult> done) { done(error_answer<StringResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::list_checkpoints(OpContext /*ctx*/, const Target& /*target*/, Done<ListResult> done) { done(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_acls(OpContext /*ctx*/, const Target& /*target*/, Done<AclsResult> done) { done(error_answer<AclsResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::set_acls(OpContext /*ctx*/, const Target& /*target*/, const std::vector<AclEntry>& /*acls*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::lock(OpContext /*ctx*/, const Target& /*target*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::unlock(OpContext /*ctx*/, const Target& /*target*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::undelete(OpContext /*ctx*/, const Target& /*target*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::obliterate(OpContext /*ctx*/, const Target& /*target*/, bool /*obliterate_checkpoints*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_local_file(OpContext /*ctx*/, const Target& /*target*/, bool /*download*/, Done<StringResult> done) { done(error_answer<StringResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::create_with_hash(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*hash*/, bool /*overwrite*/, const std::string& /*message*/, Done<CreateWithHashResult> done) { done(error_answer<CreateWithHashResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_server_info(OpContext /*ctx*/, const Target& /*target*/, Done<ServerInfoResult> done) { done(error_answer<ServerInfoResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_users(OpContext /*ctx*/, const Target& /*target*/, Done<StringListResult> done) { done(error_answer<StringListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_groups(OpContext /*ctx*/, const Target& /*target*/, Done<StringListResult> done) { done(error_answer<StringListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_group_users(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*group*/, Done<StringListResult> done) { done(error_answer<StringListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_user_groups(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*user*/, Done<StringListResult> done) { done(error_answer<StringListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::create_group(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*group*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::rename_group(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*group*/, const std::string& /*new_group*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::remove_group(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*group*/, Done<IntResult> done) { done(error_answer<IntResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::add_user_to_group(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*user*/, const std::string& /*group*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::remove_user_from_group(OpContext /*ctx*/, const Target& /*target*/, const std::string& /*user*/, const std::string& /*group*/, Done<ResultOnly> done) { done(error_answer<ResultOnly>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::get_metadata(OpContext /*ctx*/, const Target& /*target*/, Done<MetadataResult> done) { done(error_answer<MetadataResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::refresh_auth_token(OpContext /*ctx*/, const Target& /*target*/, Done<StringResult> done) { done(error_answer<StringResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::stat_subscribe(OpContext /*ctx*/, const Target& /*target*/, OmniListIncludeOption /*include*/, Done<StatResult> first, Events<ListEventResult> /*events*/) { first(error_answer<StatResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }
void Provider::list_subscribe(OpContext /*ctx*/, const Target& /*target*/, OmniListIncludeOption /*include*/, Done<ListResult> first, Events<ListEventResult> /*events*/) { first(error_answer<ListResult>(OMNI_RESULT_ERROR_NOT_SUPPORTED)); }

}  // namespace omniclient
