-- `require 'csv'`: torch-pkg's csv package, the former name of csvigo (lua/csvigo.lua);
-- sets the global `csv` (csv.load, csv.save, csv.File).
require 'csvigo'
csv = csvigo
package.loaded.csv = csvigo
return csvigo
