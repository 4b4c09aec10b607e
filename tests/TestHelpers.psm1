# Shared helpers for the Pester suites: where the built module is, and how to run code in a fresh pwsh.

function Get-RealtimeOpsModulePath {
    if (-not $env:REALTIMEOPS_MODULE_PATH) { throw 'REALTIMEOPS_MODULE_PATH is not set: run the suites through build.ps1 Test.' }
    Join-Path $env:REALTIMEOPS_MODULE_PATH 'RealtimeOps.psd1'
}

function Get-RepoRoot { $env:REALTIMEOPS_REPO_ROOT }

# Runs a script in a new pwsh process (same PowerShell as this one) and returns its output as JSON-decoded objects.
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSeconds = 120
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ro-fresh-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    try {
        $psi = [Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        if (Test-Path $pwshDll) { $psi.ArgumentList.Add($pwshDll) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $file) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); throw "Fresh pwsh did not finish within $TimeoutSeconds s." }
        [pscustomobject]@{ ExitCode = $p.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Get-RealtimeOpsModulePath, Get-RepoRoot, Invoke-FreshPwsh
