-- measured.lua: numbers about a figure come from the figure's own measurement.
--
--   [about half]{.measured fact="concurrency_timeline.parallel_percent"}
--
-- is replaced by the value of parallel_percent in concurrency_timeline's facts file
-- ($BOOK_FACTS_DIR/concurrency_timeline.facts, written by tools/book/measure.sh; the text in the
-- brackets is only what a reader of the markdown sees). An unknown figure or fact fails the
-- build. When a figure's facts say "holds 0" (its claim failed on every try), what was measured
-- is added to its caption, so the picture never silently contradicts the text.

local dir = os.getenv("BOOK_FACTS_DIR") or "build/book/figures"
local cache = {}
local errors = {}

local function facts_of(figure)
  if cache[figure] == nil then
    local f = io.open(dir .. "/" .. figure .. ".facts", "r")
    if not f then
      cache[figure] = false
    else
      local facts = {}
      for line in f:lines() do
        local key, value = line:match("^([%w_]+):? (.*)$")
        if key then facts[key] = value end
      end
      f:close()
      cache[figure] = facts
    end
  end
  return cache[figure] or nil
end

local chapter = "book"
local SOURCE_MARK = "^<!%-%- book%-source: (.-) %-%->$"

local function Span(span)
  if not span.classes:includes("measured") then return nil end
  local fact = span.attributes.fact or ""
  local figure, key = fact:match("^([%w_]+)%.([%w_]+)$")
  local facts = figure and facts_of(figure)
  if not facts then
    table.insert(errors, string.format("%s: fact \"%s\": no facts file %s/%s.facts (is there a chapters/figures/%s.facts.sh?)",
                                       chapter, fact, dir, tostring(figure), tostring(figure)))
    return nil
  end
  if not facts[key] then
    table.insert(errors, string.format("%s: fact \"%s\": %s.facts has no \"%s\"", chapter, fact, figure, key))
    return nil
  end
  return pandoc.Str(facts[key])
end

local function Image(img)
  local figure = img.src:match("figures/([%w_]+)%.svg$")
  if not figure or not img.title:match("^fig:") then return nil end
  local facts = facts_of(figure)
  if facts and facts.holds == "0" then
    local note = "This time the measurement did not show it: " .. (facts.measured or "?") ..
                 ". The machine was probably busy; build the book again on an idle machine."
    img.caption:insert(pandoc.Space())
    img.caption:insert(pandoc.Strong({ pandoc.Str(note) }))
    return img
  end
  return nil
end

function Pandoc(doc)
  local blocks = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "RawBlock" and block.format == "html" and block.text:match(SOURCE_MARK) then
      chapter = block.text:match(SOURCE_MARK)
      table.insert(blocks, block)
    else
      local walked = pandoc.walk_block(pandoc.Div({ block }), { Span = Span, Image = Image })
      for _, b in ipairs(walked.content) do table.insert(blocks, b) end
    end
  end
  doc.blocks = blocks
  if #errors > 0 then
    error("book: measured numbers:\n  " .. table.concat(errors, "\n  "), 0)
  end
  return doc
end
