-- number.lua: the same chapter and figure numbers in every format.
--
-- Chapters are numbered from 0 so that chapter N goes with lab N (the opening chapter is 0).
-- Headers with the class `unnumbered` (the preface) get no number. Figures are numbered per
-- chapter (Figure 1.2). An empty link to a figure or a chapter, [](#fig:name), becomes its name:
-- "Figure 1.2" or "Chapter 1".
--
-- LaTeX numbers headers and figures itself: the filter only switches from \frontmatter (roman
-- page numbers: title, contents, preface) to \mainmatter before the first numbered chapter, and
-- starts the count there at 0. For HTML it writes the numbers into the text.

local latex = FORMAT:match("latex") ~= nil

local function is_figure(block)
  return block.t == "Para" and #block.content == 1 and block.content[1].t == "Image"
      and (block.content[1].title or ""):match("^fig:") ~= nil
end

function Pandoc(doc)
  local names = {}      -- id -> "Figure 1.2" / "Chapter 1"
  local chapter = nil   -- number of the current chapter, nil before the first numbered one
  local section = {}    -- counters below the chapter level
  local figure = 0
  local started = false
  local out = {}

  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and not block.classes:includes("unnumbered") then
      local level = block.level
      if level == 1 then
        chapter = chapter and chapter + 1 or 0
        section, figure = {}, 0
        if latex and not started then
          -- \realmainmatter: tools/book/header.tex keeps the template's \mainmatter for here.
          table.insert(out, pandoc.RawBlock("latex", "\\realmainmatter\\setcounter{chapter}{-1}"))
        end
        started = true
        if block.identifier ~= "" then names[block.identifier] = "Chapter " .. chapter end
      elseif chapter then
        section[level - 1] = (section[level - 1] or 0) + 1
        for l = level, 6 do section[l] = nil end
      end
      if not latex and chapter then
        local number = tostring(chapter)
        for l = 1, level - 1 do number = number .. "." .. (section[l] or 0) end
        block.content:insert(1, pandoc.Span({ pandoc.Str(number) }, pandoc.Attr("", { "header-section-number" })))
        block.content:insert(2, pandoc.Space())
      end
      table.insert(out, block)
    elseif latex and block.t == "Header" and block.level == 1 then
      -- \chapter* leaves the running head of the previous chapter; give it its own.
      local title = pandoc.utils.stringify(block.content):gsub("[\\{}$&#%%_~^]", "")
      table.insert(out, block)
      table.insert(out, pandoc.RawBlock("latex", "\\markboth{" .. title .. "}{" .. title .. "}"))
    else
      block = pandoc.walk_block(pandoc.Div({ block }), {
        Para = function(para)
          if not is_figure(para) then return nil end
          figure = figure + 1
          local img = para.content[1]
          local name = "Figure " .. (chapter or 0) .. "." .. figure
          if img.identifier ~= "" then names[img.identifier] = name end
          if not latex then
            img.caption:insert(1, pandoc.Str(name .. ":"))
            img.caption:insert(2, pandoc.Space())
          end
          return para
        end,
      })
      for _, b in ipairs(block.content) do table.insert(out, b) end
    end
  end

  doc.blocks = out
  return doc:walk({
    Link = function(link)
      local id = link.target:match("^#(.*)$")
      if not id or #link.content > 0 or not names[id] then return nil end
      if latex then
        local kind = names[id]:match("^(%a+)")
        return pandoc.RawInline("latex", kind .. "~\\ref{" .. id .. "}")
      end
      link.content = { pandoc.Str(names[id]) }
      return link
    end,
  })
end
