#!/bin/sh
# inputs.sh DIR - writes the inputs of the recorded workloads into DIR.
# Everything is generated here, deterministically (a fixed linear
# congruential generator in awk, no rand()), so a re-recording reads the
# same bytes on any machine. Uses only POSIX sh and awk (mawk or gawk).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
cd "$dir"

# text.txt: 5,000 lines of pseudo-English from a 3,000-word vocabulary
# with a Zipf-like skew (word-frequency and text-processing workloads).
awk 'BEGIN {
    s = 12345
    split("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu", syl, " ")
    for (w = 1; w <= 3000; w++) {
        word = ""; n = 1 + w % 4
        for (k = 0; k < n; k++) { s = (s * 1103515245 + 12345) % 2147483648; word = word syl[1 + int(s / 65536) % 50] }
        voc[w] = word
    }
    for (line = 1; line <= 5000; line++) {
        s = (s * 1103515245 + 12345) % 2147483648
        len = 4 + int(s / 65536) % 12; out = ""
        for (k = 0; k < len; k++) {
            s = (s * 1103515245 + 12345) % 2147483648
            r = (s / 2147483648); w = 1 + int(3000 * r * r * r)
            out = out (k ? " " : "") voc[w]
        }
        print out
    }
}' > text.txt

# grammar.y: a bison grammar with 60 operator levels and 150 statement
# forms (parser-generator workload: many small sets and tables).
awk 'BEGIN {
    print "%{\nint yylex(void); void yyerror(const char *);\n%}"
    print "%token NUM ID"
    for (i = 0; i < 150; i++) print "%token KW" i
    print "%%\nprogram: | program stmt ;"
    printf "stmt:"
    for (i = 0; i < 150; i++) printf "%s KW%d e%d %s\n", (i ? " |" : ""), i, i % 60, (i % 3 ? "ID" : "e0 ID")
    print ";"
    for (i = 0; i < 60; i++) {
        nxt = (i < 59) ? "e" (i + 1) : "atom"
        printf "e%d: %s | e%d '\''%s'\'' %s | e%d KW%d %s ;\n", i, nxt, i, substr("+-*/%<>&|^~!@#", 1 + i % 14, 1), nxt, i, i, nxt
    }
    print "atom: NUM | ID | '\''('\'' e0 '\'')'\'' | ID '\''('\'' args '\'')'\'' ;"
    print "args: | e0 | args '\'','\'' e0 ;"
    print "%%"
}' > grammar.y

# gen.mk: a make file with 800 targets in a dependency tree, pattern
# rules and variables (dry run: make -n).
awk 'BEGIN {
    print "SRCS :="
    for (i = 0; i < 800; i++) print "SRCS += src/f" i ".c"
    print "OBJS := $(patsubst src/%.c,obj/%.o,$(SRCS))"
    print "all: prog\nprog: $(OBJS)\n\t@echo link $@ $(words $^)"
    print "obj/%.o: src/%.c\n\t@echo cc $< -o $@ $(CFLAGS_$*)"
    for (i = 0; i < 800; i++) {
        printf "obj/f%d.o: inc/h%d.h inc/h%d.h\n", i, i % 97, i % 31
        if (i % 5 == 0) printf "CFLAGS_f%d := -DVAL=%d $(foreach x,1 2 3,-DX$(x)=%d)\n", i, i, i
    }
    print "src/%.c inc/%.h:\n\t@:"
    print ".SECONDARY:"
}' > gen.mk

# macros.m4: recursive m4 macros (forloop, string building, eval).
cat > macros.m4 <<'M4'
divert(-1)
define(`forloop', `pushdef(`$1', `$2')_forloop($@)popdef(`$1')')
define(`_forloop', `$4`'ifelse($1, `$3', `', `define(`$1', incr($1))$0($@)')')
define(`fib', `ifelse(eval($1 < 2), 1, $1, `eval(fib(decr($1)) + fib(eval($1 - 2)))')')
define(`cat3', `$1-$2-$3')
define(`reg', `define(`item_$1', `cat3($1, eval($1 * $1), substr(`abcdefghijklmnopqrstuvwxyz', eval($1 % 20), 5))')')
divert(0)dnl
forloop(`i', 1, 5000, `reg(i)')dnl
forloop(`i', 1, 5000, `item_`'i
')dnl
forloop(`i', 1, 14, `fib(i) ')
M4

# html: a messy HTML document for tidy (unclosed tags, nesting errors).
awk 'BEGIN {
    s = 777
    print "<html><head><title>generated</title></head><body>"
    for (i = 0; i < 1500; i++) {
        s = (s * 1103515245 + 12345) % 2147483648; k = int(s / 65536) % 6
        if (k == 0) print "<p>paragraph " i " <b>bold <i>both</b> italic</i>"
        else if (k == 1) print "<ul><li>item " i "<li>next<li><a href=\"#" i "\">link</a></ul>"
        else if (k == 2) print "<table><tr><td>" i "<td>cell<tr><td colspan=2>wide</table>"
        else if (k == 3) print "<div class=\"c" i % 17 "\"><span>text " i "</div>"
        else if (k == 4) print "<h2>Heading " i "</h3><font color=red>old</font>"
        else print "<p align=center>&amp; entity &copy; " i "<br><img src=\"x" i ".png\">"
    }
    print "</body></html>"
}' > page.html

# pi.bc: 4 atan(1) to 600 digits (arbitrary-precision numbers in bc).
printf 'scale=600\n4*a(1)\nquit\n' > pi.bc

# The workload scripts kept in tools/suite/ are copied next to the data,
# so every recorded command runs in DIR with plain file names.
cp "$here/wordfreq.awk" "$here/tables.lua" "$here/objects.rb" \
   "$here/jsonwork.py" "$here/textproc.pl" "$here/rows.sql" "$here/../repbuild.c" \
   "$here/../repbuild.h" .
