# The module as a user gets it: manifest, import cost, dependency isolation beside other Azure.Core/Azure.Identity
# versions, removal, and the Azure Automation package.

BeforeDiscovery {
    $script:IsolationCases = @(
        @{ Order = 'older pair loaded first'; Core = '1.38.0'; Identity = '1.11.4'; First = 'Other'; Extra = @() }
        # Azure.Core 1.47 needs System.ClientModel, which a module shipping that pair ships too.
        @{ Order = 'RealtimeOps first, then another pair'; Core = '1.47.1'; Identity = '1.14.2'; First = 'RealtimeOps'; Extra = @('system.clientmodel/1.5.1/lib/netstandard2.0/System.ClientModel.dll') }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ManifestPath = Get-RealtimeOpsModulePath
    $script:ModuleDir = Split-Path $script:ManifestPath
    $script:Manifest = Import-PowerShellDataFile $script:ManifestPath
}

Describe 'RealtimeOps manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }
    It 'targets Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core)' {
        $script:Manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $script:Manifest.PowerShellVersion | Should -Be '5.1'
    }
    It 'exports an explicit list of cmdlets, no wildcards' {
        $script:Manifest.CmdletsToExport | Should -Not -BeNullOrEmpty
        $script:Manifest.CmdletsToExport | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
    }
    It 'processes the format files it ships, and only those' {
        $script:Manifest.FormatsToProcess | Should -Be @('RealtimeOps.Format.ps1xml', 'RealtimeOps.Checks.Format.ps1xml', 'RealtimeOps.Live.Format.ps1xml', 'RealtimeOps.Fleet.Format.ps1xml')
        foreach ($file in $script:Manifest.FormatsToProcess) { Join-Path $script:ModuleDir $file | Should -Exist }
        @(Get-ChildItem $script:ModuleDir -Filter '*.Format.ps1xml').Name | Sort-Object | Should -Be @($script:Manifest.FormatsToProcess | Sort-Object)
    }
    It 'names project, licence and release-notes addresses' {
        $psData = $script:Manifest.PrivateData.PSData
        foreach ($k in 'ProjectUri', 'LicenseUri', 'ReleaseNotes') { $psData[$k] | Should -Match '^https://' }
    }
    It 'keeps the engine and every package under dependencies/, not beside the cmdlet assembly' {
        Join-Path $script:ModuleDir 'dependencies/RealtimeOps.Engine.dll' | Should -Exist
        Join-Path $script:ModuleDir 'dependencies/Azure.Core.dll' | Should -Exist
        Join-Path $script:ModuleDir 'dependencies/Azure.Identity.dll' | Should -Exist
        Get-ChildItem $script:ModuleDir -File -Filter '*.dll' | ForEach-Object Name | Should -Be @('RealtimeOps.dll')
    }
}

Describe 'Importing RealtimeOps' -Tag Slow {
    It 'loads neither Azure.Core nor Azure.Identity (they load on first use)' {
        $r = Invoke-FreshPwsh -Script @"
Import-Module '$script:ManifestPath' -ErrorAction Stop
[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name } | Where-Object { `$_ -like 'Azure.*' -or `$_ -like 'Microsoft.Identity*' } | ForEach-Object { "LOADED:`$_" }
'IMPORTED'
"@
        $r.StdOut | Should -Match 'IMPORTED'
        $r.StdOut | Should -Not -Match 'LOADED:'
    }

    It 'exposes no public type PowerShell cannot analyse before the dependency resolver is hooked' {
        # PowerShell reflects over every exported type before it runs the module initializer, so a public type whose
        # base type, interfaces or field layout (an engine enum in a field) needs RealtimeOps.Engine breaks the import.
        $dll = Join-Path $script:ModuleDir 'RealtimeOps.dll'
        $r = Invoke-FreshPwsh -Script @"
`$asm = [Reflection.Assembly]::LoadFrom('$dll')
foreach (`$t in `$asm.GetExportedTypes()) {
    try { `$null = `$t.GetFields([Reflection.BindingFlags]'Instance,Static,Public,NonPublic') } catch { "NEEDS-ENGINE:`$(`$t.FullName)" }
}
'ANALYSED'
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Not -Match 'NEEDS-ENGINE'
        $r.StdOut | Should -Match 'ANALYSED'
    }

    It 'removes and imports again cleanly in one session' {
        $r = Invoke-FreshPwsh -Script @"
Import-Module '$script:ManifestPath' -ErrorAction Stop
(Get-RealtimeModel -Name gpt-realtime).Name
Remove-Module RealtimeOps
Import-Module '$script:ManifestPath' -ErrorAction Stop
(Get-RealtimeModel -Name whisper-1).Name
"@
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'gpt-realtime'
        $r.StdOut | Should -Match 'whisper-1'
    }
}

Describe 'Dependency isolation beside other Azure.Core/Azure.Identity versions: <Order>' -ForEach $script:IsolationCases -Tag Slow {
    BeforeAll {
        $pk = $env:REALTIMEOPS_PACKAGE_ROOT
        $script:CorePath = Join-Path $pk "azure.core/$Core/lib/netstandard2.0/Azure.Core.dll"
        $script:IdentityPath = Join-Path $pk "azure.identity/$Identity/lib/netstandard2.0/Azure.Identity.dll"
    }

    It 'both pairs load and work, each in its own load context' {
        $script:CorePath | Should -Exist
        $script:IdentityPath | Should -Exist
        $extraLoads = ($Extra | ForEach-Object { "Add-Type -Path '$(Join-Path $env:REALTIMEOPS_PACKAGE_ROOT $_)'" }) -join "`n"
        $loadOther = @"
$extraLoads
Add-Type -Path '$script:CorePath'
Add-Type -Path '$script:IdentityPath'
# Use the other pair as its owner would: Azure.Core and Azure.Identity types from that version.
`$cred = [Azure.AzureKeyCredential]::new('other-module-key')
`$null = [Azure.Identity.AzureAuthorityHosts]::AzurePublicCloud
'OTHER-USED:' + [Azure.AzureKeyCredential].Assembly.GetName().Version
"@
        $useOurs = @"
Import-Module '$script:ManifestPath' -ErrorAction Stop
# A RealtimeOps cmdlet that needs Azure.Core and Azure.Identity: it builds the credential and pipeline.
`$ctx = Connect-RealtimeOps -Endpoint 'https://isolation-test.openai.azure.com' -Identity -PassThru -WarningAction SilentlyContinue -ErrorAction Stop
'OURS-USED:' + `$ctx.AuthMode
"@
        $body = if ($First -eq 'Other') { "$loadOther`n$useOurs" } else { "$useOurs`n$loadOther" }
        $script = @"
`$ErrorActionPreference = 'Stop'
$body
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Azure.Core', 'Azure.Identity' } | ForEach-Object {
    `$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_)
    'ASM:{0}|{1}|{2}' -f `$_.GetName().Name, `$_.GetName().Version, `$alc.Name
}
"@
        $r = Invoke-FreshPwsh -Script $script
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'OTHER-USED:'
        $r.StdOut | Should -Match 'OURS-USED:ManagedIdentity'
        $asm = $r.StdOut -split "`r?`n" | Where-Object { $_ -like 'ASM:*' } | ForEach-Object {
            $n, $v, $c = $_.Substring(4) -split '\|'
            [pscustomobject]@{ Name = $n; Version = [version]$v; Context = $c }
        }
        # Two versions of each, ours in the RealtimeOps context, theirs in the default one.
        ($asm | Where-Object Name -eq 'Azure.Core').Count | Should -Be 2
        ($asm | Where-Object Name -eq 'Azure.Identity').Count | Should -Be 2
        ($asm | Where-Object { $_.Name -eq 'Azure.Core' -and $_.Context -eq 'RealtimeOps' }).Version | Should -Be ([version]'1.50.0.0')
        ($asm | Where-Object { $_.Name -eq 'Azure.Core' -and $_.Context -ne 'RealtimeOps' }).Version.ToString(3) | Should -Be $Core
        ($asm | Where-Object { $_.Name -eq 'Azure.Identity' -and $_.Context -ne 'RealtimeOps' }).Version.ToString(3) | Should -Be $Identity
    }
}

Describe 'Azure Automation package' {
    BeforeAll {
        $script:Zip = Get-ChildItem (Join-Path (Get-RepoRoot) 'out/artifacts') -Filter 'RealtimeOps-*.zip' | Select-Object -First 1
    }
    It 'is a zip whose top folder is named like the module, under 100 MB, paths under 140 characters' {
        $script:Zip | Should -Not -BeNullOrEmpty
        $script:Zip.Length | Should -BeLessThan 100MB
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [IO.Compression.ZipFile]::OpenRead($script:Zip.FullName)
        try {
            $names = $archive.Entries.FullName
            $names | ForEach-Object { ($_ -split '[\\/]')[0] } | Sort-Object -Unique | Should -Be 'RealtimeOps'
            $names | Where-Object Length -ge 140 | Should -BeNullOrEmpty
            $names | Should -Contain 'RealtimeOps/RealtimeOps.psd1'
            $names | Should -Contain 'RealtimeOps/RealtimeOps.dll'
            $names | Should -Contain 'RealtimeOps/dependencies/RealtimeOps.Engine.dll'
        }
        finally { $archive.Dispose() }
    }
}
