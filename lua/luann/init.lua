-- require 'luann': luann's own Lua helpers (luann.export)
require 'luann.export'
return luann
