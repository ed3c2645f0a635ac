-- breakcode.lua: in the PDF, a long name in running text (`test/lib/http_test_server.h`,
-- `return_exceptions=True`) may break after / _ = . , ( so that it does not stick out into the
-- margin; LaTeX would otherwise never break inside \texttt. Other formats are left alone.

local ESCAPES = {
  ["\\"] = "\\textbackslash{}", ["{"] = "\\{", ["}"] = "\\}", ["$"] = "\\$", ["&"] = "\\&",
  ["#"] = "\\#", ["^"] = "\\textasciicircum{}", ["_"] = "\\_", ["%"] = "\\%",
  ["~"] = "\\textasciitilde{}",
}
local BREAK_AFTER = { ["/"] = true, ["_"] = true, ["="] = true, ["."] = true, [","] = true, ["("] = true }

function Code(code)
  if not FORMAT:match("latex") or #code.text < 16 then return nil end
  local out = {}
  for _, c in utf8.codes(code.text) do
    local ch = utf8.char(c)
    table.insert(out, ESCAPES[ch] or ch)
    if BREAK_AFTER[ch] then table.insert(out, "\\allowbreak{}") end
  end
  return pandoc.RawInline("latex", "\\texttt{" .. table.concat(out) .. "}")
end
