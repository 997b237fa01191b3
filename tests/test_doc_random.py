"""torch7's doc/random.md: every number sampler takes an optional generator first."""


def test_scalar_samplers_take_a_generator(lua):
    out = lua("""
local g = torch.Generator()
for _, nm in ipairs{'exponential', 'cauchy', 'logNormal', 'geometric', 'bernoulli'} do
   local arg = nm == 'geometric' and 0.3 or nil
   torch.manualSeed(g, 5); local a = torch[nm](g, arg)
   torch.manualSeed(5); local b = torch[nm](arg)
   io.write(nm, ' ', tostring(type(a) == 'number' and a == b), '\\n')
end
""")
    assert out == "exponential true\ncauchy true\nlogNormal true\ngeometric true\nbernoulli true\n"


def test_generator_and_state_doc_examples(lua):
    out = lua("""
torch.manualSeed(0); io.write(torch.random(), '\\n')
local gen = torch.Generator(); torch.manualSeed(gen, 0)
io.write(torch.random(gen), ' ', torch.random(gen), ' ', torch.random(), '\\n')
torch.manualSeed(123); torch.uniform(); local s = torch.getRNGState()
local a = torch.uniform(); torch.uniform()
io.write(tostring(torch.setRNGState(s) == s), ' ', tostring(torch.uniform() == a), '\\n')
""")
    assert out == "2357136044\n2357136044 2546248239 2546248239\ntrue true\n"
