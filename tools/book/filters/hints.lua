-- hints.lua: hints for a function the reader writes, opened one at a time.
--
--   ::: {.hints #hints-sleep-ms for="sleep_ms"}
--   1. A nudge: what to think about.
--   2. A closer look.
--   3. Nearly the answer.
--   :::
--
-- Each item of the list is one hint, ordered from a nudge to nearly the answer. The id is what the
-- stub's TODO names (tools/check/todos.sh checks that every TODO names one in its lab's chapter).
--
-- HTML: nested <details>, so that hint 2 can only be opened from inside hint 1, and so on.
-- PDF and EPUB (which cannot hide text): the chapter keeps a line with a link to each hint, and
-- the hints move to an appendix at the end of the book, grouped by round (all first hints, then
-- all second hints...), so that reading one hint never shows the next. Each hint there links to
-- the next one and back to the chapter.

local html = FORMAT:match("html") ~= nil or FORMAT == "json" -- json: the pages build (chunk.lua)
local latex = FORMAT:match("latex") ~= nil

local ORDINALS = { "First", "Second", "Third", "Fourth", "Fifth", "Sixth" }

local function fail(message) error("hints.lua: " .. message, 0) end

-- A header's text without the number tools/book/filters/number.lua put in front of it.
local function header_text(header)
  local inlines = pandoc.List()
  for _, inline in ipairs(header.content) do
    if not (inline.t == "Span" and inline.classes:includes("header-section-number")) then
      inlines:insert(inline)
    end
  end
  return pandoc.utils.stringify(inlines):gsub("^%s+", "")
end

local function hints_of(div)
  local what = div.attributes["for"]
  if div.identifier == "" or not what or what == "" then
    fail("a .hints block needs an id and a for=\"function\" attribute (" .. (div.identifier or "") .. ")")
  end
  if not div.identifier:match("^hints%-") then
    fail("the id of a .hints block starts with \"hints-\": " .. div.identifier)
  end
  if #div.content ~= 1 or div.content[1].t ~= "OrderedList" or #div.content[1].content < 2 then
    fail(div.identifier .. ": a .hints block holds one numbered list of two hints or more, nothing else")
  end
  -- A tight list holds Plain blocks: make each hint a paragraph of its own.
  local items = {}
  for k, item in ipairs(div.content[1].content) do
    items[k] = {}
    for _, b in ipairs(item) do
      items[k][#items[k] + 1] = b.t == "Plain" and pandoc.Para(b.content) or b
    end
  end
  return what, items
end

local function words(text)
  local out = pandoc.List()
  for word in text:gmatch("%S+") do
    if #out > 0 then out:insert(pandoc.Space()) end
    out:insert(pandoc.Str(word))
  end
  return out
end

-- HTML: <details> inside <details>, hint 1 outermost.
local function as_details(id, what, items)
  local blocks = {}
  local n = #items
  for k = n, 1, -1 do
    local inner = {}
    inner[#inner + 1] = pandoc.RawBlock("html", string.format(
      '<details class="hint"><summary>Hint %d of %d</summary>', k, n))
    for _, b in ipairs(items[k]) do inner[#inner + 1] = b end
    for _, b in ipairs(blocks) do inner[#inner + 1] = b end
    inner[#inner + 1] = pandoc.RawBlock("html", "</details>")
    blocks = inner
  end
  local line = pandoc.List({ pandoc.Strong({ pandoc.Str("Stuck"), pandoc.Space(), pandoc.Str("on"),
    pandoc.Space(), pandoc.Code(what), pandoc.Str("?") }), pandoc.Space() })
  line:extend(words("Open the hints one at a time: each gives away a little more."))
  table.insert(blocks, 1, pandoc.Para(line))
  return pandoc.Div(blocks, pandoc.Attr(id, { "hints" }))
end

function Pandoc(doc)
  local chapter = nil -- the chapter's number, counted as number.lua does
  local section = ""
  local found = {}    -- every hints block, in book order (PDF and EPUB)
  local seen = {}
  local out = {}

  local function convert(div)
    local what, items = hints_of(div)
    if seen[div.identifier] then fail("two .hints blocks have the id " .. div.identifier) end
    seen[div.identifier] = true
    if html then return as_details(div.identifier, what, items) end
    local entry = { id = div.identifier, what = what, items = items, chapter = chapter, section = section }
    table.insert(found, entry)
    local line = pandoc.List({ pandoc.Strong({ pandoc.Str("Stuck"), pandoc.Space(), pandoc.Str("on"),
      pandoc.Space(), pandoc.Code(what), pandoc.Str("?") }), pandoc.Space() })
    line:extend(words("Hints, from a nudge to nearly the answer, are at the end of the book:"))
    for k = 1, #items do
      line:insert(pandoc.Space())
      line:insert(pandoc.Link({ pandoc.Str(tostring(k)) }, "#" .. div.identifier .. "-" .. k))
      if k < #items then line:insert(pandoc.Str(",")) end
    end
    line:insert(pandoc.Str("."))
    return pandoc.Div({ pandoc.Para(line) }, pandoc.Attr(div.identifier, { "hints" }))
  end

  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and not block.classes:includes("unnumbered") then
      if block.level == 1 then chapter = chapter and chapter + 1 or 0 end
      if block.level >= 2 then section = header_text(block) end
    end
    -- Wrapped, so that a .hints block at the top level is converted too.
    local walked = pandoc.walk_block(pandoc.Div({ block }), {
      Div = function(div)
        if div.classes:includes("hints") then return convert(div) end
      end,
    })
    for _, b in ipairs(walked.content) do table.insert(out, b) end
  end

  if #found > 0 then
    local rounds = 0
    for _, entry in ipairs(found) do rounds = math.max(rounds, #entry.items) end
    if latex then table.insert(out, pandoc.RawBlock("latex", "\\appendix")) end
    table.insert(out, pandoc.Header(1, { pandoc.Str("Hints") }, pandoc.Attr("hints-appendix", {})))
    table.insert(out, pandoc.Para(words("The hints of every chapter, in rounds: all the first hints, "
      .. "then all the second hints, and so on, so that reading one never shows you the next. "
      .. "Each ends with a link to the next hint for the same function, and back to its chapter.")))
    for round = 1, rounds do
      -- On paper, a round starts on a page of its own: the next hint is not in view.
      if latex and round > 1 then table.insert(out, pandoc.RawBlock("latex", "\\clearpage")) end
      table.insert(out, pandoc.Header(2, words((ORDINALS[round] or ("Round " .. round)) .. " hints"),
        pandoc.Attr("hints-round-" .. round, { "unnumbered" })))
      for _, entry in ipairs(found) do
        local hint = entry.items[round]
        if hint then
          local blocks = {}
          local title = pandoc.List({ pandoc.Strong({ pandoc.Code(entry.what) }), pandoc.Space() })
          title:extend(words(string.format("(Chapter %d,", entry.chapter or 0)))
          title:insert(pandoc.Space())
          title:insert(pandoc.Quoted("DoubleQuote", words(entry.section)))
          title:insert(pandoc.Str("),"))
          title:insert(pandoc.Space())
          title:extend(words(string.format("hint %d of %d", round, #entry.items)))
          blocks[#blocks + 1] = pandoc.Para(title)
          for _, b in ipairs(hint) do blocks[#blocks + 1] = b end
          local next_line
          if round < #entry.items then
            next_line = { pandoc.Link(words("Next hint"), "#" .. entry.id .. "-" .. (round + 1)),
              pandoc.Str(";"), pandoc.Space(),
              pandoc.Link(words("back to the chapter"), "#" .. entry.id), pandoc.Str(".") }
          else
            next_line = { pandoc.Str("The"), pandoc.Space(), pandoc.Str("last"), pandoc.Space(),
              pandoc.Str("hint;"), pandoc.Space(),
              pandoc.Link(words("back to the chapter"), "#" .. entry.id), pandoc.Str(".") }
          end
          blocks[#blocks + 1] = pandoc.Para(next_line)
          table.insert(out, pandoc.Div(blocks, pandoc.Attr(entry.id .. "-" .. round, { "hint" })))
        end
      end
    end
  end

  doc.blocks = out
  return doc
end
