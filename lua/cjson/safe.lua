-- cjson.safe: lua-cjson's functions that return nil, message on failure instead of raising
local safe = require('cjson')._new_safe()
package.loaded['cjson.safe'] = safe
return safe
