"""Observes the original omni.client URL functions and writes tests/url/cases.json.

Run with the original library (omniverseclient 2.75.1) installed in a throw-away virtualenv, for
example the interop tests' one (tests/interop/interop_venv.py creates it):

    PY=$(cd tests/interop && python3 -c "from interop_venv import ensure_venv; print(ensure_venv())")
    $PY tests/interop/url/gen_cases.py > tests/url/cases.json

The product and the test suite never import the original; only this generator does. The output
is plain data: inputs and the values the original returned for them.
"""
import itertools
import json
import random
import sys

import omni.client as oc

FIELDS = ("scheme", "user", "host", "port", "path", "query", "fragment", "is_raw")

# Pieces for generated URLs, by component. Each is interesting on its own; combinations find
# the interactions (default paths, unwrapping, raw detection, escaping per component).
SCHEMES = ["", "omniverse:", "omni:", "OMNI:", "Omniverse:", "omniverses:", "http:", "HTTPS:", "https:",
           "file:", "FILE:", "x:", "C:", "c:", "s3:", "ftp:", "a1+.-:", "1a:", "a_b:"]
AUTHORITIES = ["", "//", "//h", "//H", "//u@h", "//u:p@h:3009", "//h:80", "//h:443", "//[::1]", "//[::1]:8080",
               "//h:", "//@h", "//h%41", "//\u00e4", "//h%20x", "//u%40v@h", "//h:abc", "//[fe80::1%25eth0]:1",
               "//u@v@h", "//h:1:2", "//HoSt.Example.COM:3009", "//u%zz@h", "//h%zz", "//:1", "//u@", "//h%2f"]
PATHS = ["", "/", "/a", "/a/b", "/a/b/", "a", "a/b", "/a//b", "/a/./b", "/a/../b", "/../a", "/a/..", "/a b",
         "/%41", "/%2F", "/%2f", "/%zz", "/%", "/%4", "/\u00e4", "/%C3%A4", "/%c3%a4", "\\a\\b", "/a:b", "/a@b",
         "/!$&'()*+,;=", "/\"<>^`{|}", "/a%2e%2e/b", "/%2e%2e/b", "/.", "/..", "./a", "../a", "/a\tb", "/a%2f..%2fb",
         "//a", "///a", "/%7e%7E", "/a/b/../../..", "a/../..", "a//b", "/\u20ac", "/\U0001F600", "/%00x", "/a%20b%2520",
         "/C:/a", "/a/./", "/a/b/.."]
QUERIES = ["", "?", "?q", "?a=b&c", "?a b", "?%41%zz", "?x&3", "?branch=x&checkpoint=2", "??", "?/a?b",
           "?omniverse://s/p", "?omniverse:/p", "?%7e%2e%2F", "?\"<>\\^`{|}", "?\u00e4", "?a+b;c"]
FRAGMENTS = ["", "#", "#f", "#a b", "#%41", "#a#b", "#?/", "#%zz", "#\u00e4", "#\"<>"]

CURATED = {
    "raw paths": [
        "/", "//", "///a", "/a", "/a/b", "/a//b", "/a/./b", "/a/../b", "/..", "/a/..", "/a/./b/../", "/a?b#c%20",
        "/a b", "/a%zz", "/a%41", "/a\x01\u00e4", "/a//b/../c?x#y%41", "/tmp/x y/z.usd", "/a/b/../../../c",
    ],
    "Windows and UNC": [
        "C:\\a\\b", "C:/a/b", "c:", "C:a", "C:\\", "c:\\x?y#z", "C:/a b", "D:\\dir\\file.usd", "\\\\server\\share\\a",
        "\\\\server/share/a", "//server/share/a", "file:C:/a", "file:/C:/a", "file:///C:/a", "file://C:/a",
        "file:///c:/Users/x/a.usd", "file://server/share/a", "file:\\\\server\\share",
    ],
    "schemes and default paths": [
        "omniverse:", "omniverse:/", "omniverse:a/b", "omniverse://", "omniverse:///", "omniverses:", "s3:", "ftp:",
        "ws:", "wss:", "http:", "https:", "file:", "x:", "abc:", "omni:", "omni:a", "OMNI://h/a", "Omniverse://h/a",
        "omniverse:?q", "omniverse:#f", "http://h", "http://h?q", "file://h", "x://h", "file://", "file://?q",
        "file://u@/a", "file://:1/a", "file:///a", "file://localhost/a", "file://H/a", "file://h%41/a",
    ],
    "authority": [
        "omniverse://u:p@H:80/x", "omniverse://u%40x@h/x", "omniverse://@h/x", "omniverse://h:/x",
        "omniverse://h:abc/x", "omniverse://[::1]:3009/x", "omniverse://[::1/x", "omniverse://[::1]", "omniverse://[::1]/",
        "omniverse://h%20x/a", "omniverse://H%41/a", "omniverse://h%2f/a", "omniverse://u@v@h/a",
        "omniverse://u:p:q@h:1:2/a", "omniverse://h\\x/y", "omniverse://\u00c4B/x", "omniverse://%C3%84/x",
        "omniverse://h:3009", "omniverse://h:3009?q", "omniverse://h#f", "omniverse://u:@h/", "omniverse://:p@h/",
        "http://h:80/x", "https://h:443/x", "http://h:443/x", "HTTP://H:80/x", "https://h:80/x", "http://h:080/x",
        "omniverse://h:80/x", "http://u@h:80/x", "http://[::1]:80/x",
    ],
    "unwrapping": [
        "http://web/?omniverse://server/path", "http://web/?omniverse://server/path?q#f", "http://web/?omni://server/path",
        "http://web?omniverse://server/path", "https://web/?omniverse://server/path", "http://web/x?omniverse://server/path",
        "http://web/?omniverse:/path", "http://web/?file:/path", "http://web/?/path", "http://web/?omniverse://server/path#frag",
        "HTTP://web/?OMNIVERSE://server/path", "HTTP://web/?omniverse://server/path", "http://web/?omniverse://s/%41%20",
        "http://web/?omniverse:", "http://a/?http://b/?omniverse://c/d", "ftp://web/?omniverse://s/p",
        "http://web/?omniverses://s/p", "http://web/?omniverse://s/p?omniverse://t/q", "http:?omniverse://s/p",
        "http://web/#?omniverse://s/p", "http://web/?omniverse://u:p@S:1/a/../b",
    ],
    "percent encoding": [
        "omniverse://h/a%2fb", "omniverse://h/a%zzb", "omniverse://h/a%", "omniverse://h/a%4", "omniverse://h/a b",
        "omniverse://h/\u00e4", "omniverse://h/%C3%A4", "omniverse://h/%ff", "omniverse://h/%C3", "omniverse://h/%c3%28",
        "omniverse://h/a%2f..%2fb", "omniverse://h/a/%2e%2e/b", "omniverse://h/%41%7e%2F", "omniverse://h/a%20b%2520",
        "omniverse://h/%c3%a4%C3%A4%21%2a%3a%40%2F%25%7E%5f%2D%2e", "omniverse://h/a?%41%7e%2f#%41%7e",
        "omniverse://%41%7e%2f@h/", "omniverse://h/a b/%zz?%zz# %zz", "omniverse://u%zz@h/", "omniverse://h%zz/",
        "omniverse://h/a?%7e%7E%2e%41%61%30", "omniverse://h/a?a+b&c=d;e", "omniverse://h/%00x", "omniverse://h/a%00",
        "omniverse://h/?%00", "omniverse://h/#%00", "omniverse://%00@h/", "omniverse://h%00/", "omniverse://h/%ef%bf%bf",
        "omniverse://h/%ED%A0%80", "omniverse://h/%F0%9F%98%80", "omniverse://h/%80", "omniverse://h/?%ff", "omniverse://h/#%ff",
    ],
    "path shapes": [
        "omniverse://h/a//b/../c", "omniverse://h/a/./b/../../../c", "omniverse://h", "omniverse://h/",
        "omniverse://h/a//b/", "omniverse:a//b/./c", "omniverse://h/a/b/.", "omniverse://h/a/b/..", "omniverse://h/./",
        "omniverse://h/../", "omniverse://h/a/.b/..c/...", "omniverse://h/a:b@c", "omniverse://h/a;b=c",
        "omniverse://h/!$&'()*+,;=:@-._~", "omniverse://h/\"<>\\^`{|}", "omniverse://h/a\tb\nc\x7f",
        "omniverse://h/\u20ac", "omniverse://h/\U0001F600", "omniverse://h/a\x01b",
    ],
    "query and fragment": [
        "omniverse://h/a?b?c#d#e", "omniverse://h/a?#", "omniverse://h/a?", "omniverse://h/a#", "omniverse://h/a?q%20x&y=1 2#f g",
        "omniverse://h/a?q#f?x", "omniverse://h/?\"<>\\^`{|} ", "omniverse://h/#\"<>\\^`{|} ?/", "omniverse://h/a?&3",
        "omniverse://h/a?branch&3", "omniverse://h/a#/x/../y",
    ],
    "relative references": [
        "?q", "#f", "", "a", ".", "..", "./a", "../a", "a/../..", "a//b/./c", "1a:b", "a+b.c-d:x", "a_b:x", ":x",
        "//h/p", "//h", "//", "a b", "a%20b", "%41", "a?b#c", "a/b/", "\u00e4/\u00f6", "a:b/c", "a@b:c",
    ],
    "control characters, NUL, long": [
        "a\x00b", "omniverse://h/a\x00b", "\x00", "omniverse://h/\x1f\x7f", "omniverse://h/" + "a" * 5000,
        "omniverse://h/" + "a/" * 500, "omniverse://h/" + "../" * 100 + "x", "omniverse://" + "h" * 300 + "/x",
        "omniverse://h/" + "%41" * 200, "/" + "x/" * 300,
    ],
    "ipv6 hosts": [
        "omniverse://[fe80::1%25eth0]:3009/a", "omniverse://[::ffff:1.2.3.4]/x", "http://[2001:db8::1]/x",
        "http://[2001:db8::1]:80/x", "omniverse://[::1]:/x", "omniverse://[]/x", "omniverse://[::1]:3009:1/x",
        "omniverse://u@[::1]:3009/x", "omniverse://[::1]x/y", "omniverse://[::1]%41/y",
    ],
    "unicode": [
        "omniverse://b\u00fccher.example/x", "omniverse://h/\u65e5\u672c/\u8a9e.usd", "omniverse://h/e\u0301",
        "omniverse://h/\u00e9", "/\u00e4/\u00f6 \u00fc", "omniverse://h/?\u00e4=\u00f6#\u00fc", "\u00e4:x",
        "omniverse://\u00e4@h/", "C:\\\u00e4\\b", "omniverse://h/%E6%97%A5", "omniverse://H\u00c9/x",
    ],
    "user info": [
        "omniverse://user:pass@h/", "omniverse://us%3Aer@h/", "omniverse://@@h/", "omniverse://u@@h/",
        "omniverse://u%20v@h/", "omniverse://U@h/", "omniverse://:@h/", "omniverse://u:p@/x", "omniverse://u@h:1",
        "omniverse://\u00e4%40b@h/", "http://u:p@h:80/x", "omniverse://u/x@h/y",
    ],
    "empty components": [
        "omniverse://:/", "omniverse://@/", "omniverse://@:/", "omniverse://?#", "omniverse:?#", ":", "?", "#",
        "?#", "//?#", "///", "omniverse://h?", "omniverse://h#", "omniverse://h:?", "file:?#", "x:?", "x:#",
    ],
}


def url_list(u):
    # Fields are converted to str when read, so one field can fail to decode while the rest read fine.
    out = []
    for f in FIELDS:
        try:
            out.append(getattr(u, f))
        except UnicodeDecodeError:
            out.append({"error": "UnicodeDecodeError"})
    return out


def observe(fn, *args):
    try:
        return {"out": fn(*args)}
    except Exception as e:  # the original's exception type is part of its behaviour
        return {"error": type(e).__name__}


def observe_url(fn, s):
    r = observe(fn, s)
    if "out" in r:
        r["out"] = url_list(r["out"])
    return r


# Random strings over URL-ish pieces, for the corners no list above thinks of.
PIECES = ["omniverse:", "omni:", "http:", "https:", "file:", "C:", "x:", "//", "/", "h", "H", "u@", ":", "3009", "@",
          "?", "#", "%", "%41", "%2F", "%2f", "%zz", "%00", "%ff", "%C3%A4", ".", "..", "a", "b", " ", "\\", "\u00e4",
          "[", "]", "::1", "&", "=", "branch=", "checkpoint=", "1", "~", "!", "'", "+", ";", "\t", "omniverse://",
          "http://web/?omniverse://s/"]


def random_strings(rng, n):
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def generated_urls(rng, n):
    out = set()
    while len(out) < n:
        out.add(rng.choice(SCHEMES) + rng.choice(AUTHORITIES) + rng.choice(PATHS) + rng.choice(QUERIES)
                + rng.choice(FRAGMENTS))
    return sorted(out)


def main():
    rng = random.Random(20261127)
    cases = {}

    urls = []
    for category, inputs in CURATED.items():
        urls.extend((category, s) for s in inputs)
    for s in generated_urls(rng, 900):
        urls.append(("generated", s))
    for s in random_strings(rng, 2000):
        urls.append(("random", s))
    cases["parse"] = [
        {"cat": cat, "in": s, "break": observe_url(oc.break_url, s), "ref": observe_url(oc.break_url_reference, s),
         "norm": observe(oc.normalize_url, s), "printable": observe(oc.make_printable, s)}
        for cat, s in urls]

    mk = []
    component_values = [None, "", "a", "a b", "/a/b", "a%41", "%zz", "a?b#c", "u:p@x", "\u00e4", "\x01", "\\",
                        "\"<>^`{|}", "!$&'()*+,;=", "80", "443", "H", "a/b", "a%2Fb", "~.-_"]
    names = ["scheme", "user", "host", "port", "path", "query", "fragment"]
    for name in names:
        for v in component_values:
            mk.append({"scheme": "omniverse", "host": "h", "path": "/p", name: v})
            mk.append({name: v})
    for _ in range(300):
        kw = {}
        for name in names:
            if rng.random() < 0.6:
                kw[name] = rng.choice(component_values if name not in ("scheme",) else
                                      [None, "", "omniverse", "omni", "http", "HTTP", "https", "file", "x", "C"])
        mk.append(kw)
    seen = set()
    cases["make_url"] = []
    for kw in mk:
        key = json.dumps(kw, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        cases["make_url"].append({"in": kw, "result": observe(lambda k=kw: oc.make_url(**k))})

    bases = ["omniverse://h/a/b", "omniverse://h/a/b/", "omniverse://h", "omniverse://h/", "omniverse://u@h:1/a/b?x#y",
             "omni://h/a/b", "http://web/?omniverse://s/a/b", "http://h:80/a/b", "/a/b", "/a/b/", "/a/b?x", "/",
             "C:/a/b", "C:\\a\\b", "file:/a/b", "file:///a/b", "file://srv/a/b", "", "a/b", "a/b/", "a",
             "omniverse://h/a b/b", "omniverse://h/\u00e4/b", "omniverse://H/A/B", "x://h", "x:a/b", "omniverse:/a/b",
             "omniverse://h/a/b/c/d", "//h/a/b", "?q", "omniverse://h/a/b?", "omniverse://h/a/b#"]
    others = ["c", "c/", "../c", "../../c", "../../../../c", "/c", "//g/c", "?q", "#f", "", ".", "..", "./", "../",
              "http://x/y", "omni://x/y", "omniverse:c", "omniverse:/c", "file:c", "/c?d#e", "c d%zz", "c%20d?e#f",
              "http://web/?omniverse://s/a/b", "/x/../y//z", "C:/x", "\\x", "c?d", "omniverse://h/a/c",
              "omniverse://h/a/b", "omniverse://h/a/b?q", "omniverse://h/a/b#f", "omniverse://h/x/y",
              "omniverse://g/a/b", "omniverse://h:1/a/b", "omniverse://u@h/a/b", "omniverse://H/a/c", "omniverse://h/",
              "omniverse://h", "omniverse://h/a/", "omniverse://h/a/?q", "omniverse://h/a/c d", "omniverse://h/a/c:d",
              "omniverse://h/a/b/c", "/a/c", "/x/y", "/a/b", "/a/", "file:/a/c", "C:/a/c", "a/c", "x", "a/b/c",
              "\u00e4", "omniverse://h/a b/c", "x://h/a", "x:a/c", "//h/a/c", "omniverse://h/a/%21",
              "omniverse://h/a/%2F%3a", "omniverse://h/a/c%25d%zz", "omniverse://h/a/%C3%A4?%21#%21", "/a/c%21 d"]
    random_pairs = list(zip(random_strings(rng, 2000), random_strings(rng, 2000)))
    cases["combine"] = [{"base": b, "other": o, "result": observe(oc.combine_urls, b, o)}
                        for b, o in [(b, o) for b in bases for o in others] + random_pairs]
    rel = []
    for b, o in [(b, o) for b in bases for o in others] + random_pairs:
        r = observe(oc.make_relative_url, b, o)
        entry = {"base": b, "other": o, "result": r}
        if "out" in r:
            # Whether the round trip holds in the original: the property test checks ours where it does.
            entry["roundtrip"] = observe(oc.combine_urls, b, r["out"]) == observe(oc.normalize_url, o)
        rel.append(entry)
    cases["relative"] = rel

    paths = ["/a/b", "a/b", "C:\\a\\b", "C:/a b", "/a%b#c?d", "\\\\srv\\share\\x", "/a/../b", "", "/\u00e4:@!&",
             "//a//b", "~/x", "\x01\x7f", "/a/b/", "/\"<>^`{|}", "/!$&'()*+,;=", "/a%41", "/a\\b", "/tmp/x y.usd",
             "/a?b", "/a#b", "D:", "/.", "/..", "./a", "/\U0001F600", "/a;b", "/a\tb", "a b c"]
    cases["file_url"] = [{"in": p, "result": observe(oc.make_file_url, p)} for p in paths]

    printable = ["abc", "a\x01b", "a b", "\u00e4", "a\x7f", "omniverse://h/a\nb", "%zz", "\x00x", "%41", "%2F", "a%",
                 "\u00a0", "\ud7ff", "\u00e9", "a\x1fb\x80", "\t", "%7e", "%c3%a4", "%00", "%ff", "%", "%%41",
                 "a%2", "\U0001F600", "\r\n", "%1F", "%7F", "%20", "%3a", "?#[]"]
    cases["printable"] = [{"in": p, "result": observe(oc.make_printable, p)} for p in printable]

    jb = ["omniverse://h/a", "omniverse://h/a/", "omniverse://h", "omniverse://h/a?q#f", "/a", "/a/", "", "a", "C:\\a",
          "omniverse://h/a/../b", "file:/a", "http://web/?omniverse://s/a", "omniverse://h/a//", "/a?x#y", "/a b",
          "omniverse://h/a#f", "omniverse://h?q", "omniverse://h#f", "?q", "#f", "omniverse:", "omniverse://",
          "OMNI://H/A", "omniverse://h/a%20b", "a/", "/"]
    jn = ["b", "b/c?d#e%f", "b c", "", ".", "..", "...", "\u00e4", "%41", "b#", "\\x", "a:b", "b?c", "~.-_",
          "!$&'()*+,;=@", "\"<>^`{|}", "\x01", ".a", "a.", " "]
    cases["join"] = [{"base": b, "name": n, "result": observe(oc.join, b, n)}
                     for b, n in [(b, n) for b in jb for n in jn] + random_pairs[:300]]

    queries = ["", "x", "x&3", "&3", "&", "x&", "x&abc", "x&3a", "x&-3", "x&99999999999999999999", "a&b&3", "&&3",
               "x&+3", " &3", "x& 3", "x&0x10", "x&3.5", "branch=x&checkpoint=3", "x%20y&3", "checkpoint=3&branch=x",
               "checkpoint=3", "branch=x", "branch=", "x=y&3", "a=b", "x&y=3", "x&checkpoint=3",
               "branch=a&checkpoint=b", "x&3&branch=y", "x&3&checkpoint=5", "Branch=x", "branch=x%26y&2", "x&%33",
               "x&3#f", "?x&3", "x&3&4", "=x&3", "branch=a=b&3", "a&checkpoint=7&x", "x&5=3", "x&3&checkpoint=abc",
               "x&3&branch=", "a b&1", "x+y&1", "branch=x&branch=y", "checkpoint=1&checkpoint=2", "x&checkpoint=",
               "%62ranch=x", "x&3&", "&x&3", "x&18446744073709551615", "x&18446744073709551616",
               "x&9223372036854775808", "x&-9223372036854775809", "x&007", "x&%zz", "%zz&1", "\u00e4&2", "%C3%A4&2",
               "x&checkpoint=-1", "checkpoint=2&3", "x&=3", "branch=%41&checkpoint=%32"]
    cases["branch_checkpoint"] = [{"in": q, "result": observe(oc.get_branch_and_checkpoint_from_query, q)}
                                  for q in queries + random_strings(rng, 300)]
    mq = [("x", 3), ("", 0), ("", 3), ("x", 0), ("a&b", 3), ("a b", 1), ("x", 2 ** 63 - 1), ("x", 2 ** 64 - 1),
          ("a=b", 1), ("x%y", 2), ("x#y", 2), ("\u00e4", 1), ("a b", 0), ("branch", 7)]
    cases["make_query"] = [{"branch": b, "checkpoint": n,
                            "result": observe(oc.make_query_from_branch_and_checkpoint, b, n)} for b, n in mq]

    json.dump(cases, sys.stdout, ensure_ascii=True, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
