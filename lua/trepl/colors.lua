-- require 'trepl.colors': the ANSI escape codes th's REPL colours its output with, by name
-- (lower case: normal, Capitalised: bold, _name: background); `none` resets.
local e = '\27['
return {
   none = e .. '0m',
   black = e .. '0;30m', red = e .. '0;31m', green = e .. '0;32m', yellow = e .. '0;33m',
   blue = e .. '0;34m', magenta = e .. '0;35m', cyan = e .. '0;36m', white = e .. '0;37m',
   Black = e .. '1;30m', Red = e .. '1;31m', Green = e .. '1;32m', Yellow = e .. '1;33m',
   Blue = e .. '1;34m', Magenta = e .. '1;35m', Cyan = e .. '1;36m', White = e .. '1;37m',
   _black = e .. '40m', _red = e .. '41m', _green = e .. '42m', _yellow = e .. '43m',
   _blue = e .. '44m', _magenta = e .. '45m', _cyan = e .. '46m', _white = e .. '47m',
}
