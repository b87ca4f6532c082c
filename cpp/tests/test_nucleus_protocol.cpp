// The nucleus provider's pure pieces: status mapping, entries, events, discovery answers, live
// objects' requests.
#include "providers/nucleus/discovery.h"
#include "providers/nucleus/entries.h"
#include "providers/nucleus/live_object.h"
#include "providers/nucleus/status.h"

#include <gtest/gtest.h>

using namespace omniclient;
using namespace omniclient::nucleus;
using nlohmann::json;

TEST(NucleusStatus, MapsAsTheOriginalClient) {
    EXPECT_EQ(result_of_status("OK"), OMNI_RESULT_OK);
    EXPECT_EQ(result_of_status("INVALID_URI"), OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_EQ(result_of_status("NOT_EXIST"), OMNI_RESULT_ERROR);
    EXPECT_EQ(result_of_status("DENIED"), OMNI_RESULT_ERROR_ACCESS_DENIED);
    EXPECT_EQ(result_of_status("ALREADY_EXISTS"), OMNI_RESULT_ERROR_ALREADY_EXISTS);
    EXPECT_EQ(result_of_status("NOT_IMPLEMENTED"), OMNI_RESULT_ERROR_NOT_SUPPORTED);
    EXPECT_EQ(result_of_status("RESOURCE_BUSY"), OMNI_RESULT_ERROR_LOCKED);
    EXPECT_EQ(result_of_status("FOLDER_NOT_EMPTY"), OMNI_RESULT_ERROR_FOLDER_NOT_EMPTY);
    EXPECT_EQ(result_of_status("ACCESS_LOST"), OMNI_RESULT_ERROR_ACCESS_LOST);
    for (const char* s : {"TOKEN_EXPIRED", "INTERNAL_ERROR", "", "garbage"}) EXPECT_EQ(result_of_status(s), OMNI_RESULT_ERROR) << s;
    EXPECT_EQ(result_of_item_status("NOT_EXIST"), OMNI_RESULT_ERROR_NOT_FOUND);
    EXPECT_EQ(result_of_item_status("DENIED"), OMNI_RESULT_ERROR_ACCESS_DENIED);
}

TEST(NucleusEntries, List2EntryBecomesAListEntry) {
    json e = {{"path", "/Projects/hello.txt"}, {"etag", "5"}, {"acl", {"read", "write", "admin"}},
              {"created_timestamp", 1795767870}, {"modified_timestamp", 1795767871}, {"path_type", "asset"},
              {"size", 5}, {"empty", true}, {"created_by", "alice"}, {"modified_by", "bob"},
              {"hash_type", "sha256"}, {"hash_value", "abc"}, {"hash_bsize", 5}};
    ListEntry entry = entry_of_list2(e);
    EXPECT_EQ(entry.relative_path, "hello.txt");
    EXPECT_EQ(entry.version, "5");
    EXPECT_EQ(entry.access, 7u);
    EXPECT_EQ(entry.flags, static_cast<uint32_t>(OMNI_ITEM_READABLE_FILE | OMNI_ITEM_WRITEABLE_FILE));
    EXPECT_EQ(entry.size, 5u);
    EXPECT_EQ(entry.created_time, int64_t(1795767870) * 1000000000);
    EXPECT_EQ(entry.modified_time, int64_t(1795767871) * 1000000000);
    EXPECT_EQ(entry.created_by, "alice");
    EXPECT_EQ(entry.modified_by, "bob");
    EXPECT_EQ(entry.hash, "sha256;5;abc");
}

TEST(NucleusEntries, FolderFlagsAndOddValues) {
    EXPECT_EQ(entry_of_list2({{"path", "/a/b/"}, {"path_type", "folder"}, {"empty", true}}).flags,
              static_cast<uint32_t>(OMNI_ITEM_CAN_HAVE_CHILDREN | OMNI_ITEM_DOES_NOT_HAVE_CHILDREN));
    EXPECT_EQ(entry_of_list2({{"path", "/a/b/"}, {"path_type", "folder"}, {"empty", false}}).relative_path, "b");
    ListEntry odd = entry_of_list2({{"path", 7}, {"size", -5}, {"acl", "read"}, {"created_timestamp", "x"},
                                    {"modified_timestamp", 1e300}, {"etag", 12}});
    EXPECT_EQ(odd.relative_path, "7");  // a number where a string belongs is read as its text
    EXPECT_EQ(odd.size, 0u);
    EXPECT_EQ(odd.access, 0u);
    EXPECT_EQ(odd.created_time, 0);
    EXPECT_EQ(odd.modified_time, 0);
    EXPECT_EQ(odd.version, "12");
    EXPECT_EQ(entry_of_list2(json::array()).relative_path, "");
    EXPECT_EQ(entry_of_stat2({{"type", "folder"}, {"empty", false}, {"modified_date_seconds", 10}}, "/").modified_time, 10000000000);
}

TEST(NucleusEntries, EventKinds) {
    EXPECT_EQ(list_event_of("create"), OMNI_LIST_EVENT_CREATED);
    EXPECT_EQ(list_event_of("delete"), OMNI_LIST_EVENT_DELETED);
    EXPECT_EQ(list_event_of("full"), OMNI_LIST_EVENT_UPDATED);
    EXPECT_EQ(list_event_of("delta"), OMNI_LIST_EVENT_UPDATED);
    EXPECT_EQ(list_event_of("change_acl"), OMNI_LIST_EVENT_METADATA);
    EXPECT_EQ(list_event_of("lock"), OMNI_LIST_EVENT_LOCKED);
    EXPECT_EQ(list_event_of("unlock"), OMNI_LIST_EVENT_UNLOCKED);
    EXPECT_EQ(list_event_of("copy"), OMNI_LIST_EVENT_UNKNOWN);
}

// The one decoder the listing cache and the subscriptions share.
TEST(NucleusEntries, SubscribeListEventsBecomeChangesOfTheFolder) {
    auto events = [](const char* kind, json entry) { return list_events_of({{"event", kind}, {"entry", entry}}, "/a/"); };
    auto created = events("create", {{"path", "/a/x"}});
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].result, OMNI_RESULT_OK);
    EXPECT_EQ(created[0].event, OMNI_LIST_EVENT_CREATED);
    EXPECT_EQ(created[0].entry.relative_path, "x");

    auto copied_in = events("copy", {{"path", "/b/x"}, {"destination", "/a/y"}});
    ASSERT_EQ(copied_in.size(), 1u);
    EXPECT_EQ(copied_in[0].event, OMNI_LIST_EVENT_CREATED);
    EXPECT_EQ(copied_in[0].entry.relative_path, "y");
    EXPECT_TRUE(events("copy", {{"path", "/a/x"}, {"destination", "/b/y"}}).empty());  // a copy out changes nothing here
    EXPECT_TRUE(events("copy", {{"path", "/a/x"}}).empty());

    auto renamed = events("rename", {{"path", "/a/x"}, {"destination", "/a/z"}});
    ASSERT_EQ(renamed.size(), 2u);
    EXPECT_EQ(renamed[0].event, OMNI_LIST_EVENT_DELETED);
    EXPECT_EQ(renamed[0].entry.relative_path, "x");
    EXPECT_EQ(renamed[1].event, OMNI_LIST_EVENT_CREATED);
    EXPECT_EQ(renamed[1].entry.relative_path, "z");
    auto renamed_away = events("rename", {{"path", "/a/x"}});
    ASSERT_EQ(renamed_away.size(), 1u);
    EXPECT_EQ(renamed_away[0].event, OMNI_LIST_EVENT_DELETED);

    EXPECT_TRUE(events("no_such_kind", {{"path", "/a/x"}}).empty());
    EXPECT_TRUE(list_events_of({{"event", 3}, {"entry", {{"path", "/a/x"}}}}, "/a/").empty());
    EXPECT_TRUE(list_events_of({{"event", "create"}, {"entry", "x"}}, "/a/").empty());
    EXPECT_TRUE(list_events_of(json::array(), "/a/").empty());
}

TEST(NucleusDiscovery, CandidatesFollowTheOriginalOrder) {
    EXPECT_EQ(discovery_candidates("h", 0, false),
              (std::vector<std::string>{"wss://h:443/omni/discovery", "ws://h:80/omni/discovery", "ws://h:3333/"}));
    EXPECT_EQ(discovery_candidates("h", 3009, false),
              (std::vector<std::string>{"wss://h:3009/omni/discovery", "ws://h:3009/omni/discovery"}));
    EXPECT_EQ(discovery_candidates("::1", 80, true), (std::vector<std::string>{"wss://[::1]:80/omni/discovery"}));
}

TEST(NucleusDiscovery, TransportsBecomeUrls) {
    EXPECT_EQ(service_url_of(R"({"found":true,"transport":{"name":"connlib","params":"{\"url\":\"ws://h:1/omni/connlib\"}","meta":{}}})", true),
              "ws://h:1/omni/connlib");
    EXPECT_EQ(service_url_of(R"({"found":true,"transport":{"name":"sows","params":"{\"host\":\"h\",\"port\":3333,\"path\":\"/omni/auth\"}","meta":{"ssl":"false"}}})", false),
              "ws://h:3333/omni/auth");
    EXPECT_EQ(service_url_of(R"({"found":true,"transport":{"name":"sows","params":"{\"host\":\"h\",\"port\":443,\"path\":\"/a\"}","meta":{"ssl":"true"}}})", false),
              "wss://h:443/a");
    // The Connection service must give a url; host/port alone is not enough (as the original).
    EXPECT_EQ(service_url_of(R"({"found":true,"transport":{"name":"sows","params":"{\"host\":\"h\",\"port\":1}","meta":{}}})", true), "");
    for (const char* bad : {"", "{}", R"({"found":false,"version":2})", R"({"found":true})", R"({"found":true,"transport":{"params":5}})",
                            R"({"found":true,"transport":{"params":"not json"}})", R"({"found":true,"transport":{"params":"{\"host\":\"h\",\"port\":70000}"}})"})
        EXPECT_EQ(service_url_of(bad, false), "") << bad;
}

// A live update's request written without a JSON tree is byte for byte the one the tree gives.
TEST(NucleusLiveObjects, WrittenParametersAreTheJsonTreesBytes) {
    std::vector<std::string> paths = {"/a/b.live", "/q\"uo\\te/x.live", "/\xc3\xa9t\xc3\xa9/\xe2\x9c\x93.live",
                                      "/bad\xff" "utf8/x.live", "/ctl\x01\x1f/x.live", "/tab\t/x.live"};
    for (const auto& path : paths) {
        for (std::optional<uint64_t> est : {std::optional<uint64_t>(), std::optional<uint64_t>(1795767870123456)}) {
            for (auto [key, value] : {std::pair<const char*, json>{"object_id", 18446744073709551615ull},
                                      std::pair<const char*, json>{"object_id", 7}, std::pair<const char*, json>{"overwrite", true}}) {
                json tree = version_params(key, value, path, json(), est);
                std::string tail = "payload";
                std::string_view view(tail);
                EXPECT_EQ(net::connlib::encode_request_written("update_object", 42, version_params_written(key, value, path, est), &view),
                          net::connlib::encode_request_in_place("update_object", 42, tree, &view))
                    << path << " " << key;
            }
        }
    }
    EXPECT_EQ(net::connlib::encode_request_written("x", 1, ""), net::connlib::encode_request("x", 1, json::object()));
}
