-- check.lua: fails the build on a link to an #id that does not exist, or on an image file that
-- cannot be found on the resource path. Messages name the chapter (from the `<!-- book-source:
-- FILE -->` lines tools/book/book.sh inserts, which this filter then removes).

local SOURCE_MARK = "^<!%-%- book%-source: (.-) %-%->$"

local function file_exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

local function find_resource(src)
  if src:match("^%a[%w+.-]*:") then return true end -- a URL or data: URI
  local target = src:gsub("[?#].*$", "")
  if target:sub(1, 1) == "/" then return file_exists(target) end
  local paths = PANDOC_STATE.resource_path or { "." }
  for _, dir in ipairs(paths) do
    if file_exists(dir .. "/" .. target) then return true end
  end
  return false
end

function Pandoc(doc)
  local ids = {}
  local function note(el)
    if el.identifier and el.identifier ~= "" then ids[el.identifier] = true end
  end
  pandoc.walk_block(pandoc.Div(doc.blocks), {
    Header = note, Div = note, Span = note, CodeBlock = note, Image = note, Link = note, Code = note,
  })

  local errors = {}
  local chapter = "book"
  local out = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "RawBlock" and block.format == "html" and block.text:match(SOURCE_MARK) then
      chapter = block.text:match(SOURCE_MARK)
    else
      pandoc.walk_block(pandoc.Div({ block }), {
        Link = function(link)
          local id = link.target:match("^#(.*)$")
          if id and not ids[id] then
            table.insert(errors, string.format("%s: link to \"#%s\": no element has that id", chapter, id))
          end
        end,
        Image = function(img)
          if not find_resource(img.src) then
            table.insert(errors, string.format("%s: image \"%s\": file not found (resource path: %s)",
                                               chapter, img.src, table.concat(PANDOC_STATE.resource_path or {}, ":")))
          end
        end,
      })
      table.insert(out, block)
    end
  end
  if #errors > 0 then
    io.stderr:write("book: broken links or images:\n")
    for _, e in ipairs(errors) do io.stderr:write("  " .. e .. "\n") end
    error("book: " .. #errors .. " broken link(s) or image(s); first: " .. errors[1], 0)
  end
  doc.blocks = out
  return doc
end
