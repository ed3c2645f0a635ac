-- chunk.lua: one page of the multi-page HTML book (pandoc 2.17 has no chunkedhtml writer).
--
-- Every level-1 header starts a page named after its id; what comes before the first one, and
-- the contents, go on index.html. The filter runs once per page on the whole book:
--   -M chunk=list      prints "page<TAB>title" for every page on stdout (use with -o /dev/null)
--   -M chunk=PAGE      keeps only that page, adds previous / contents / next links, and points
--                      links to ids on other pages at those pages.

local function page_file(page) return page .. ".html" end

function Pandoc(doc)
  local wanted = pandoc.utils.stringify(doc.meta.chunk or "")
  local pages = { { id = "index", title = "Contents", blocks = {} } }
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      table.insert(pages, { id = block.identifier, title = pandoc.utils.stringify(block.content), blocks = {} })
    end
    table.insert(pages[#pages].blocks, block)
  end

  if wanted == "list" then
    for _, page in ipairs(pages) do io.stdout:write(page.id .. "\t" .. page.title .. "\n") end
    return pandoc.Pandoc({}, doc.meta)
  end

  local where = {} -- id -> page
  for _, page in ipairs(pages) do
    pandoc.walk_block(pandoc.Div(page.blocks), {
      Header = function(el) if el.identifier ~= "" then where[el.identifier] = page.id end end,
      Div = function(el) if el.identifier ~= "" then where[el.identifier] = page.id end end,
      Span = function(el) if el.identifier ~= "" then where[el.identifier] = page.id end end,
      Image = function(el) if el.identifier ~= "" then where[el.identifier] = page.id end end,
      CodeBlock = function(el) if el.identifier ~= "" then where[el.identifier] = page.id end end,
    })
  end

  local index
  for i, page in ipairs(pages) do if page.id == wanted then index = i end end
  if not index then error("chunk.lua: no page \"" .. wanted .. "\"", 0) end
  local page = pages[index]

  local function link_to(i, text)
    return pandoc.Link(text, page_file(pages[i].id), "", pandoc.Attr("", {}, {}))
  end
  local nav = {}
  if index > 1 then
    nav[#nav + 1] = link_to(index - 1, { pandoc.Str("← " .. pages[index - 1].title) })
    nav[#nav + 1] = pandoc.Str(" · ")
  end
  if index > 1 then
    nav[#nav + 1] = link_to(1, { pandoc.Str("Contents") })
  end
  if index < #pages then
    if index > 1 then nav[#nav + 1] = pandoc.Str(" · ") end
    nav[#nav + 1] = link_to(index + 1, { pandoc.Str(pages[index + 1].title .. " →") })
  end
  local function nav_div() return pandoc.Div({ pandoc.Plain(nav) }, pandoc.Attr("", { "page-nav" })) end

  local blocks = { nav_div() }
  -- The page's own contents: its sections, after the navigation and before the text.
  local sections = {}
  for _, b in ipairs(page.blocks) do
    if b.t == "Header" and b.level == 2 and b.identifier ~= "" then
      sections[#sections + 1] = { pandoc.Plain({ pandoc.Link(b.content, "#" .. b.identifier) }) }
    end
  end
  for i, b in ipairs(page.blocks) do
    table.insert(blocks, b)
    if i == 1 and #sections > 0 then
      table.insert(blocks, pandoc.Div({ pandoc.BulletList(sections) }, pandoc.Attr("", { "page-toc" })))
    end
  end
  if index == 1 then
    local items = {}
    for i = 2, #pages do items[#items + 1] = { pandoc.Plain({ link_to(i, { pandoc.Str(pages[i].title) }) }) } end
    table.insert(blocks, pandoc.Header(1, { pandoc.Str("Contents") }, pandoc.Attr("contents", { "unnumbered" })))
    table.insert(blocks, pandoc.BulletList(items))
  else
    doc.meta.pagetitle = pandoc.MetaString(page.title .. " – " .. pandoc.utils.stringify(doc.meta.title or ""))
    doc.meta.title, doc.meta.subtitle, doc.meta.author, doc.meta.date = nil, nil, nil, nil
  end
  table.insert(blocks, nav_div())

  local body = pandoc.walk_block(pandoc.Div(blocks), {
    Link = function(link)
      local id = link.target:match("^#(.*)$")
      if id and where[id] and where[id] ~= page.id then
        link.target = page_file(where[id]) .. (where[id] == id and "" or "#" .. id)
        return link
      end
    end,
  })
  return pandoc.Pandoc(body.content, doc.meta)
end
