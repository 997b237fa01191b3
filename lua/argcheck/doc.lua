-- argcheck.doc (torch/argcheck): doc[[markdown]] notes documentation; it is kept only between
-- doc.record() and doc.stop(), which returns what was noted (argcheck adds its rules' docs too)
local doc = {__args = false}

function doc.showargs() doc.__args = true end
function doc.hideargs() doc.__args = false end

function doc.record() doc.__record = {} end

function doc.stop()
   local md = table.concat(doc.__record or {})
   doc.__record = nil
   return md
end

function doc.doc(str)
   if doc.__record then doc.__record[#doc.__record + 1] = tostring(str) end
end

return setmetatable(doc, {__call = function(_, ...) return doc.doc(...) end})
