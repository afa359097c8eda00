;;; asyncguard-eglot.el --- asyncguard's language server in Eglot  -*- lexical-binding: t; -*-

;; Eglot manages one server per buffer. With `asyncguard-eglot-default'
;; set, asyncguard is the server Eglot starts for C/C++ buffers; otherwise
;; the entry is appended (clangd's, earlier in the list, wins) and
;; `C-u M-x eglot' followed by "asyncguard lsp" starts it for one project.
;; Eglot ships with Emacs 29; for Emacs 26-28 install it from GNU ELPA.

(require 'eglot)

(defgroup asyncguard nil "asyncguard in Eglot." :group 'tools)

(defcustom asyncguard-eglot-program "asyncguard"
  "The asyncguard binary."
  :type 'string)

(defcustom asyncguard-eglot-default nil
  "Non-nil: use asyncguard (not clangd) when Eglot starts in C/C++ buffers."
  :type 'boolean)

(defcustom asyncguard-eglot-settings '(:debounceMs 300)
  "Initialization options: :select, :ignore, :configFile,
:compilationDatabasePath, :debounceMs."
  :type 'plist)

(defclass asyncguard-eglot-server (eglot-lsp-server) ()
  :documentation "asyncguard's language server.")

(cl-defmethod eglot-initialization-options ((_server asyncguard-eglot-server))
  asyncguard-eglot-settings)

(let ((entry `((c-mode c-ts-mode c++-mode c++-ts-mode)
               . (asyncguard-eglot-server ,asyncguard-eglot-program "lsp"))))
  (if asyncguard-eglot-default
      (add-to-list 'eglot-server-programs entry)
    (setq eglot-server-programs (append eglot-server-programs (list entry)))))

(provide 'asyncguard-eglot)
;;; asyncguard-eglot.el ends here
