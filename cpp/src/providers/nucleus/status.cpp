#include "providers/nucleus/status.h"

namespace omniclient::nucleus {

Result result_of_status(std::string_view s) {
    if (s == "OK" || s == "DONE") return OMNI_RESULT_OK;
    if (s == "INVALID_URI") return OMNI_RESULT_ERROR_NOT_FOUND;
    if (s == "DENIED") return OMNI_RESULT_ERROR_ACCESS_DENIED;
    if (s == "ALREADY_EXISTS") return OMNI_RESULT_ERROR_ALREADY_EXISTS;
    if (s == "NOT_IMPLEMENTED") return OMNI_RESULT_ERROR_NOT_SUPPORTED;
    if (s == "RESOURCE_BUSY") return OMNI_RESULT_ERROR_LOCKED;
    if (s == "FOLDER_NOT_EMPTY") return OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY;
    if (s == "ACCESS_LOST") return OMNI_RESULT_ERROR_ACCESS_LOST;
    return OMNI_RESULT_ERROR;
}

Result result_of_item_status(std::string_view s) {
    if (s == "NOT_EXIST") return OMNI_RESULT_ERROR_NOT_FOUND;
    return result_of_status(s);
}

}  // namespace omniclient::nucleus
