// A stand-in for libFuzzer where Clang is not available: mutates seed inputs at random for a
// given number of seconds and feeds them to LLVMFuzzerTestOneInput.
//   url_fuzz SECONDS [SEED_DIR...]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
    double seconds = argc > 1 ? std::atof(argv[1]) : 10;
    std::vector<std::string> seeds = {"", "omniverse://h/a/b?q#f", "/a/../b", "http://w/?omniverse://s/p\nc"};
    for (int i = 2; i < argc; ++i) {
        for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            seeds.push_back(text.str());
        }
    }
    const char* tokens[] = {"%", "%2", "%41", "%2F", "%00", "%ff", "//", "/", "..", ".", "?", "#", "@", ":", "[", "]",
                            "\\", "\n", "omni:", "http://", "file:", "C:", "\xc3\xa4", "\xff", "&", "=", "branch="};
    std::mt19937_64 rng(std::random_device{}());
    auto pick = [&](size_t n) { return n ? static_cast<size_t>(rng() % n) : 0; };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    uint64_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        for (int batch = 0; batch < 256; ++batch, ++runs) {
            std::string s = seeds[pick(seeds.size())];
            for (size_t edits = 1 + pick(8); edits > 0; --edits) {
                switch (pick(5)) {
                case 0: if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng()); break;
                case 1: s.insert(pick(s.size() + 1), tokens[pick(std::size(tokens))]); break;
                case 2: if (!s.empty()) s.erase(pick(s.size()), 1 + pick(4)); break;
                case 3: { const std::string& other = seeds[pick(seeds.size())];
                          s.insert(pick(s.size() + 1), other.substr(pick(other.size() + 1))); break; }
                default: s += s.substr(pick(s.size() + 1)); break;
                }
            }
            if (s.size() > 1 << 16) s.resize(1 << 16);
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
        }
    }
    std::printf("url_fuzz: %llu runs in %.0f s, no failure\n", static_cast<unsigned long long>(runs), seconds);
    return 0;
}
