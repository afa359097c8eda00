-- asyncguard for Neovim's built-in LSP client (Neovim 0.7 or later).
--
--   require('asyncguard').setup({ cmd = { 'asyncguard', 'lsp' } })
--
-- Put this file on your 'runtimepath' as lua/asyncguard.lua (or dofile() it).
-- It attaches `asyncguard lsp` to C and C++ buffers next to clangd. Neovim
-- 0.8+ has vim.lsp.start, which reuses one server per root; 0.7 has only
-- vim.lsp.start_client + vim.lsp.buf_attach_client, done by hand here.
local M = {}

local root_markers = { 'compile_commands.json', '.asyncguard.json', '.git' }

--- The folder holding one of the markers, searched upward from `path`.
local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(root_markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
      if vim.loop.fs_stat(dir .. '/build/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return vim.fn.fnamemodify(path, ':p:h')
    end
    dir = parent
  end
end

local clients = {} -- root -> client id (Neovim 0.7)

--- Attaches asyncguard to buffer `bufnr` (default: the current one).
function M.attach(bufnr, opts)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  opts = opts or M.opts or {}
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return nil
  end
  local root = find_root(path)
  local config = {
    name = 'asyncguard',
    cmd = opts.cmd or { 'asyncguard', 'lsp' },
    root_dir = root,
    -- Same keys as workspace/didChangeConfiguration's "asyncguard" section:
    -- select, ignore, configFile, compilationDatabasePath, debounceMs.
    init_options = opts.init_options or {},
    settings = { asyncguard = opts.settings or {} },
    on_attach = opts.on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Attaches asyncguard to every C/C++ buffer opened from now on.
function M.setup(opts)
  M.opts = opts or {}
  vim.api.nvim_create_autocmd('FileType', {
    pattern = M.opts.filetypes or { 'c', 'cpp', 'objcpp', 'cuda' },
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

return M
