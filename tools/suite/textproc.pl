# textproc.pl - word counts, regex rewriting and sorting on text.txt.
use strict; use warnings;
my (%count, %first, @lines);
while (my $line = <STDIN>) {
    chomp $line;
    push @lines, $line if $. % 4 == 0;
    for my $w (split / /, $line) {
        $count{$w}++;
        $first{$w} //= $.;
    }
}
my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0 .. 99];
my $out = '';
for my $l (@lines) {
    (my $m = $l) =~ s/\b(\w)(\w*)/\U$1\E$2/g;
    $out .= substr($m, 0, 30) . "\n" if length($out) < 200000;
}
print scalar(keys %count), " ", length($out), " @top[0..4]\n";
