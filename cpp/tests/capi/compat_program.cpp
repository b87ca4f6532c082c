// The same program built as C++: the header must compile unchanged in both languages.
#include "compat_program.c"
