# canon.awk - the marker blocks of a .rep trace, named by allocation order.
# Keeps blocks whose `a` size is 5000..9999 and follows each through its
# r and f lines; prints "a B0 SIZE", "r B0 SIZE", "f B0". Used by
# tests/t-tools-record.sh on traces of test/recprobe.c.
NR <= 4 { next }
$1 == "a" && $3 >= 5000 && $3 <= 9999 { name[$2] = "B" n++; print "a", name[$2], $3; next }
$1 == "a" { delete name[$2]; next }
$1 == "r" && ($2 in name) { print "r", name[$2], $3; next }
$1 == "f" && ($2 in name) { print "f", name[$2]; delete name[$2]; next }
