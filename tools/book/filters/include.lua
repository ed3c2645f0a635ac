-- include.lua: listings come from files, never from the chapter text.
--
--   ```{.c include="labs/01-sequential/sleep.c" region="sleep_ms"}
--   ```
--
-- is replaced by the lines between `// [sleep_ms]` and `// [/sleep_ms]` in that file (`# [name]`
-- in Python, shell and YAML). Without `region` the whole file is shown. Marker lines of other,
-- nested regions are dropped from the listing, and each listing is labelled with its file.
--
-- A listing line of MAX_COLUMNS + 1 columns or more fails the build too, naming file:line: the
-- PDF's code font fits that many columns on a line, and the HTML shows them without wrapping.
--
-- Any problem fails the build with a message naming the chapter and the include: a missing file,
-- an unknown, duplicated or unclosed region, a listing with text of its own, or a region of
-- solutions/ that still holds a solution (the book shows the student's stub from labs/).
--
-- tools/book/book.sh puts a `<!-- book-source: FILE -->` line before each chapter so that messages
-- can name it; tools/book/filters/check.lua removes those lines afterwards.

local SOURCE_MARK = "^<!%-%- book%-source: (.-) %-%->$"

-- The widest listing line, in columns (characters, not bytes: "×" is one column).
local MAX_COLUMNS = 87

-- Files whose long lines are not yet rewrapped, path prefix -> the reason; their listings are let
-- through with a warning. Empty now: every listing fits. Keep an entry only while a rewrap waits.
local TOO_WIDE_FOR_NOW = {}

local errors = {}
local exempted, exempt_warnings = {}, {}
local file_cache = {}

local function fail(chapter, what, message)
  table.insert(errors, string.format("%s: %s: %s", chapter, what, message))
end

-- The comment that starts a marker line in this file.
local function comment_for(path)
  local ext = path:match("%.([%w]+)$") or ""
  if ext == "py" or ext == "sh" or ext == "yml" or ext == "yaml" or ext == "mk"
      or path:match("Makefile$") then
    return "#"
  end
  return "//"
end

local LANGUAGES = { c = "c", h = "c", py = "python", sh = "bash", yml = "yaml", yaml = "yaml",
                    gp = "gnuplot", mk = "makefile" }

local function read_lines(path)
  if file_cache[path] == nil then
    local f = io.open(path, "r")
    if not f then
      file_cache[path] = false
    else
      local lines = {}
      for line in f:lines() do table.insert(lines, line) end
      f:close()
      file_cache[path] = lines
    end
  end
  return file_cache[path] or nil
end

-- Parses the region markers of a file. Returns a table name -> {first, last} (line numbers of the
-- markers) and a list of problems (duplicated, unclosed or unmatched markers).
local function parse_regions(path, lines)
  local c = comment_for(path):gsub("%p", "%%%0")
  local pattern = "^%s*" .. c .. " %[(/?)([%w_%-%.]+)%]%s*$"
  local regions, open, problems = {}, {}, {}
  for n, line in ipairs(lines) do
    local slash, name = line:match(pattern)
    if name and slash == "" then
      if regions[name] then
        table.insert(problems, string.format("region \"%s\" is opened twice (lines %d and %d)",
                                             name, regions[name].first, n))
      else
        regions[name] = { first = n }
        open[name] = true
      end
    elseif name then
      if not open[name] then
        table.insert(problems, string.format("line %d closes region \"%s\", which is not open", n, name))
      else
        regions[name].last = n
        open[name] = nil
      end
    end
  end
  for name, _ in pairs(open) do
    table.insert(problems, string.format("region \"%s\" (line %d) is never closed", name, regions[name].first))
  end
  table.sort(problems)
  return regions, problems, pattern
end

-- Removes the indentation every non-blank line shares.
local function dedent(lines)
  local common
  for _, line in ipairs(lines) do
    if line:match("%S") then
      local indent = line:match("^[ \t]*")
      if common == nil or #indent < #common then common = indent end
    end
  end
  if not common or common == "" then return lines end
  local out = {}
  for i, line in ipairs(lines) do out[i] = line:sub(#common + 1) end
  return out
end

local function label_block(label)
  local code = pandoc.Code(label)
  if FORMAT:match("latex") then
    return pandoc.Plain({ pandoc.RawInline("latex", "\\listingfile{"), code, pandoc.RawInline("latex", "}") })
  end
  return pandoc.Div({ pandoc.Plain({ code }) }, pandoc.Attr("", { "listing-file" }))
end

-- Returns the blocks that replace one include, or nil after recording an error.
local function include(block, chapter)
  local path = block.attributes.include
  local region = block.attributes.region
  local what = string.format("include \"%s\"", path) ..
               (region and string.format(" region \"%s\"", region) or "")
  if block.text:match("%S") then
    fail(chapter, what, "the listing has text of its own; leave it empty, the file provides the code")
    return nil
  end
  local lines = read_lines(path)
  if not lines then
    fail(chapter, what, "no such file (paths are relative to the project root)")
    return nil
  end
  local regions, problems, marker = parse_regions(path, lines)
  if #problems > 0 then
    fail(chapter, what, path .. ": " .. table.concat(problems, "; "))
    return nil
  end
  local first, last = 1, #lines
  if region then
    local r = regions[region]
    if not r then
      local known = {}
      for name, _ in pairs(regions) do table.insert(known, name) end
      table.sort(known)
      fail(chapter, what, "no such region in the file (it has: " ..
           (#known > 0 and table.concat(known, ", ") or "none") .. ")")
      return nil
    end
    first, last = r.first + 1, r.last - 1
  end
  local shown = {}
  local too_wide = {}
  for n = first, last do
    local line = lines[n]
    if line:match("BEGIN SOLUTION") and path:match("^solutions/") then
      fail(chapter, what, string.format("line %d holds a solution; show the student's version from labs/ instead", n))
      return nil
    end
    if not line:match(marker) then
      table.insert(shown, line)
      local columns = utf8.len((line:gsub("\t", "        "))) or #line
      if columns > MAX_COLUMNS then
        table.insert(too_wide, string.format("%s:%d has %d columns", path, n, columns))
      end
    end
  end
  if #too_wide > 0 then
    local exempt
    for prefix, why in pairs(TOO_WIDE_FOR_NOW) do
      if path:sub(1, #prefix) == prefix then exempt = why end
    end
    if exempt then
      if not exempted[path] then
        exempted[path] = true
        table.insert(exempt_warnings, string.format("%s (%s)", path, exempt))
      end
    else
      fail(chapter, what, string.format("%d line(s) wider than %d columns (rewrap them): %s",
                                        #too_wide, MAX_COLUMNS, table.concat(too_wide, "; ")))
      return nil
    end
  end
  while #shown > 0 and not shown[#shown]:match("%S") do table.remove(shown) end
  while #shown > 0 and not shown[1]:match("%S") do table.remove(shown, 1) end

  local classes = block.classes
  if #classes == 0 then
    local lang = LANGUAGES[path:match("%.([%w]+)$") or ""]
    if lang then classes = { lang } end
  end
  local attributes = {}
  for k, v in pairs(block.attributes) do
    if k ~= "include" and k ~= "region" then attributes[k] = v end
  end
  local code = pandoc.CodeBlock(table.concat(dedent(shown), "\n"), pandoc.Attr(block.identifier, classes, attributes))
  local label = path .. (region and (" [" .. region .. "]") or "")
  return pandoc.Div({ label_block(label), code }, pandoc.Attr("", { "listing" }))
end

function Pandoc(doc)
  local chapter = "book"
  local out = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "RawBlock" and block.format == "html" and block.text:match(SOURCE_MARK) then
      chapter = block.text:match(SOURCE_MARK)
      table.insert(out, block)
    else
      local walked = pandoc.walk_block(pandoc.Div({ block }), {
        CodeBlock = function(cb)
          if cb.attributes.include then return include(cb, chapter) end
        end,
      })
      for _, b in ipairs(walked.content) do table.insert(out, b) end
    end
  end
  if #exempt_warnings > 0 then
    io.stderr:write(string.format("book: warning: %d listing(s) with lines over %d columns let through for now: %s\n",
                                  #exempt_warnings, MAX_COLUMNS, table.concat(exempt_warnings, ", ")))
  end
  if #errors > 0 then
    io.stderr:write("book: listing errors:\n")
    for _, e in ipairs(errors) do io.stderr:write("  " .. e .. "\n") end
    error("book: " .. #errors .. " listing error(s); first: " .. errors[1], 0)
  end
  doc.blocks = out
  return doc
end
