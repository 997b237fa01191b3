"""torch7's doc/utility.md: torch.isTypeOf."""


def test_is_type_of_tensors_and_patterns(lua):
    out = lua("""
local Foo = torch.class('DocFoo')
torch.class('DocBar', 'DocFoo')
local b = DocBar()
local r = {
   torch.isTypeOf(torch.Tensor(), 'torch.DoubleTensor'),
   torch.isTypeOf(torch.Tensor(), torch.DoubleTensor),
   torch.isTypeOf(torch.FloatTensor(), 'torch.*Tensor'),
   torch.isTypeOf(torch.LongStorage(), 'torch.LongStorage'),
   torch.isTypeOf(torch.Tensor(), 'torch.FloatTensor'),
   torch.isTypeOf(b, 'DocFoo'), torch.isTypeOf(b, DocBar),
   torch.isTypeOf(b, 'D.cB'),     -- a pattern that matches part of the name
   torch.isTypeOf(b, 'Bar'),      -- a plain part of the name does not
   torch.isTypeOf(DocFoo(), 'DocBar'),
}
for i, v in ipairs(r) do r[i] = tostring(v) end
io.write(table.concat(r, ' '), '\\n')
""")
    assert out == "true true true true false true true true false false\n"
