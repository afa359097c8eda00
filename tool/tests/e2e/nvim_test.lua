-- Headless Neovim end-to-end test of `asyncguard lsp` (run by lsp_test.py):
-- attaches the server with integrations/neovim/asyncguard.lua, waits for the
-- finding in vim.diagnostic.get(), applies the first code action and writes
-- what it saw as JSON to $AG_RESULT, then quits.
local result = { ok = false }

local function finish()
  local fh = io.open(os.getenv('AG_RESULT'), 'w')
  fh:write(vim.fn.json_encode(result))
  fh:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local asyncguard = dofile(os.getenv('AG_SNIPPET'))
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('AG_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  asyncguard.attach(bufnr, { cmd = { os.getenv('ASYNCGUARD'), 'lsp' }, init_options = { debounceMs = 50 } })

  local seen = vim.wait(60000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  if not seen then
    result.error = 'no diagnostics within 60 s'
    return
  end
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, code = d.code, source = d.source,
                                       message = d.message })
  end

  local d = vim.diagnostic.get(bufnr)[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000) or {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if action.edit and action.isPreferred then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        result.applied = action.title
        break
      end
    end
  end
  -- The fix may also add an #include at the top: read the whole buffer.
  result.text_after_fix = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  result.ok = result.applied ~= nil
end)
if not ok then
  result.error = tostring(err)
end
finish()
