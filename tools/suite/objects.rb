# objects.rb - hashes of arrays of strings, string appends, sorting.
seed = 7
rand = lambda { seed = (seed * 1103515245 + 12345) % 2147483648 }
people = {}
12000.times do |i|
  r = rand.call
  name = "person-#{i}-#{'x' * (r % 40)}"
  people[name] = { age: r % 90, friends: [], notes: +"" }
end
keys = people.keys
36000.times do
  a = keys[rand.call % keys.size]
  b = keys[rand.call % keys.size]
  people[a][:friends] << b
  people[b][:notes] << a[0, 8] << ";"
end
people.delete_if { |k, v| v[:age] < 20 }
by_age = people.group_by { |_, v| v[:age] / 10 }
report = by_age.sort.map { |dec, list| "#{dec * 10}s: #{list.size} #{list.map { |k, _| k.size }.sum}" }
puts report.join("\n")
puts people.values.map { |v| v[:notes].size }.max
