# The fleet end to end: Find-RealtimeAccount | Get-RealtimeDeployment | Export-RealtimeFleetReport and Split-RealtimeFleet,
# the built module in fresh pwsh processes against the emulator's generated fleet (1,200 accounts over 40 subscriptions
# and 3 management groups) over HTTPS with managed identity; and the HTML report rendered in headless Chromium.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    $script:Emu = Start-RealtimeOpsEmulator -Https
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("ro-fleet-{0}" -f [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function Set-Fleet([hashtable] $Options = @{}) {
        Invoke-RestMethod -Method Post -Uri "$($Emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy -ContentType application/json -Body ($Options | ConvertTo-Json -Compress)
    }

    # Runs $Body in a fresh pwsh connected with -Identity (managed identity served by the emulator); $Body leaves a
    # hashtable in $out, returned decoded.
    function Invoke-FleetScript([string] $Body, [string] $Connect = '-Identity') {
        $prelude = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$PSStyle.OutputRendering = 'PlainText'
Import-Module '__MODULE__'
$base = '__BASE__'; $work = '__WORK__'
function ErrorOf([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    $items = @(try { & $Command 2>&1 } catch { $_ })
    $e = @($items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    [ordered]@{
        Output = @($items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count
        Id = @($e | ForEach-Object FullyQualifiedErrorId); Category = @($e | ForEach-Object { "$($_.CategoryInfo.Category)" })
        Target = @($e | ForEach-Object { "$($_.TargetObject)" }); Message = @($e | ForEach-Object { $_.ErrorDetails.Message ?? $_.Exception.Message })
        Action = @($e | ForEach-Object { $_.ErrorDetails.RecommendedAction })
    }
}
Connect-RealtimeOps -Endpoint $base __CONNECT__ -ResourceManagerEndpoint $base
$out = [ordered]@{}
'@
        $script = $prelude.Replace('__MODULE__', (Get-RealtimeOpsModulePath)).Replace('__BASE__', $Emu.BaseUri).Replace('__WORK__', $Work).Replace('__CONNECT__', $Connect) +
            "`n" + $Body + "`n`$out | ConvertTo-Json -Depth 8 -Compress"
        $saved = @{ SSL_CERT_FILE = $env:SSL_CERT_FILE; IDENTITY_ENDPOINT = $env:IDENTITY_ENDPOINT; IDENTITY_HEADER = $env:IDENTITY_HEADER }
        $env:SSL_CERT_FILE = $Emu.CertificatePath; $env:IDENTITY_ENDPOINT = $Emu.IdentityEndpoint; $env:IDENTITY_HEADER = $Emu.IdentityHeader
        try { $run = Invoke-FreshPwsh -Script $script -TimeoutSeconds 240 }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        if ($run.ExitCode -ne 0 -or -not $run.StdOut) { throw "Fresh pwsh failed (exit $($run.ExitCode)): $($run.StdErr) $($run.StdOut)" }
        ($run.StdOut -split "`r?`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    $script:Emu | Stop-RealtimeOpsEmulator
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Find-RealtimeAccount' {
    BeforeAll {
        $script:Fleet = Set-Fleet @{}
        $script:R = Invoke-FleetScript @'
$all = @(Find-RealtimeAccount)
$out.Count = $all.Count
$out.TypeName = $all[0].PSObject.TypeNames[0]
$out.First = $all[0] | Select-Object Id, Name, Kind, Location, SubscriptionId, ResourceGroup, Endpoint, DisableLocalAuth, PublicNetworkAccess
$out.Kinds = @($all | Group-Object Kind | ForEach-Object Name | Sort-Object)
$out.Table = ($all | Select-Object -First 2 | Out-String -Width 200)
$out.Ordered = (($all.Id | Sort-Object) -join ',') -eq ($all.Id -join ',')
$out.Sub = @(Find-RealtimeAccount -SubscriptionId $all[0].SubscriptionId | ForEach-Object SubscriptionId | Sort-Object -Unique)
$out.SubCount = @(Find-RealtimeAccount -SubscriptionId $all[0].SubscriptionId).Count
$out.Mg = @(Find-RealtimeAccount -ManagementGroup mg-fleet-2).Count
$out.Named = @(Find-RealtimeAccount -Name 'rtfleet-0000?', 'RTFLEET-00120' | ForEach-Object Name)
$out.Located = @(Find-RealtimeAccount -Location 'Sweden Central' | ForEach-Object Location | Sort-Object -Unique)
$out.BadSub = ErrorOf { Find-RealtimeAccount -SubscriptionId 'Contoso Production' }
$out.BadLocation = ErrorOf { Find-RealtimeAccount -Location "x') | project secret" }
'@
        $script:Stats = (Invoke-RestMethod -Uri "$($Emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy).stats
    }

    It 'finds every OpenAI and AIServices account of the tenant, paged, ordered by id' {
        $R.Count | Should -Be 1200
        $R.Ordered | Should -BeTrue
        $R.Kinds | Should -Be @('AIServices', 'OpenAI')
        $R.TypeName | Should -Be 'RealtimeOps.Engine.Fleet.RealtimeAccount'
        $Stats.graphRequests | Should -BeGreaterOrEqual 2 -Because '1,200 rows come in pages of 1,000'
    }

    It 'returns the account properties and shows them as a table' {
        $R.First.Id | Should -Match '^/subscriptions/[0-9a-f-]{36}/resourceGroups/rg-fleet-\d/providers/Microsoft\.CognitiveServices/accounts/rtfleet-\d{5}$'
        $R.First.Endpoint | Should -Be "$($Emu.BaseUri)/"
        $R.First.DisableLocalAuth | Should -BeOfType [bool]
        $R.First.PublicNetworkAccess | Should -BeIn 'Enabled', 'Disabled'
        $R.First.ResourceGroup | Should -Match '^rg-fleet-\d$'
        $R.Table | Should -Match 'Name\s+Kind\s+Location\s+ResourceGroup\s+LocalAuth\s+Network\s+SubscriptionId'
    }

    It 'narrows to subscriptions, management groups, name wildcards and regions' {
        @($R.Sub).Count | Should -Be 1
        $R.SubCount | Should -Be 30
        $R.Mg | Should -Be (($Fleet.managementGroups.'mg-fleet-2').Count * 30)
        $R.Named | Should -Be @('rtfleet-00001', 'rtfleet-00002', 'rtfleet-00003', 'rtfleet-00004', 'rtfleet-00005', 'rtfleet-00006', 'rtfleet-00007', 'rtfleet-00008', 'rtfleet-00009', 'rtfleet-00120')
        $R.Located | Should -Be @('swedencentral')
    }

    It 'refuses a subscription name and a region that is not a region name, saying what to give' {
        $R.BadSub.Id | Should -Be @('AccountSearchSubscriptionInvalid,RealtimeOps.Cmdlets.FindRealtimeAccountCommand')
        $R.BadSub.Action[0] | Should -Match 'subscription ids'
        $R.BadLocation.Id | Should -Be @('AccountSearchLocationInvalid,RealtimeOps.Cmdlets.FindRealtimeAccountCommand')
        $R.BadLocation.Category | Should -Be @('InvalidArgument')
    }

    It 'honours a 429 from Resource Graph and still returns every account' {
        Set-Fleet @{ force429 = 1 } | Out-Null
        $r = Invoke-FleetScript '$out.Count = @(Find-RealtimeAccount).Count'
        $r.Count | Should -Be 1200
        (Invoke-RestMethod -Uri "$($Emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy).stats.throttled | Should -Be 1
    }

    It 'needs an Entra identity: an api-key connection gets a clear error' {
        Set-Fleet @{} | Out-Null
        $r = Invoke-FleetScript '$out.E = ErrorOf { Find-RealtimeAccount }' -Connect "-ApiKey (ConvertTo-SecureString '$($Emu.ApiKey)' -AsPlainText -Force)"
        $r.E.Id | Should -Be @('AccountSearchNeedsEntraIdentity,RealtimeOps.Cmdlets.FindRealtimeAccountCommand')
        $r.E.Category | Should -Be @('AuthenticationError')
    }
}

Describe 'Get-RealtimeDeployment over accounts from the pipeline' {
    It 'reads every account concurrently from ARM: deployments tagged with their account, one error per forbidden account' {
        $fleet = Set-Fleet @{}
        $inGroup = $fleet.managementGroups.'mg-fleet-1'
        $r = Invoke-FleetScript @'
$accounts = @(Find-RealtimeAccount -ManagementGroup mg-fleet-1)
$out.Accounts = $accounts.Count
$d = @($accounts | Get-RealtimeDeployment -ThrottleLimit 8 -ErrorVariable errs -ErrorAction SilentlyContinue)
$out.Deployments = $d.Count
$out.WithAccount = @($d | Where-Object { $_.AccountResourceId -in $accounts.Id }).Count
$out.Kinds = @($d | Group-Object { "$($_.Kind)" } | ForEach-Object Name | Sort-Object)
$out.Errors = @($errs | ForEach-Object { [ordered]@{ Id = $_.FullyQualifiedErrorId; Target = "$($_.TargetObject)"; Category = "$($_.CategoryInfo.Category)" } })
$out.Realtime = @($accounts | Get-RealtimeDeployment -Kind Realtime -Name gpt-realtime -ErrorAction SilentlyContinue).Count
'@
        $forbidden = @($fleet.forbidden | Where-Object { ($_ -split '/')[2] -in $inGroup })
        $r.Accounts | Should -Be ($inGroup.Count * 30)
        $r.Errors.Count | Should -Be $forbidden.Count
        $r.Errors.Id | Sort-Object -Unique | Should -Be 'DeploymentReadForbidden,RealtimeOps.Cmdlets.GetRealtimeDeploymentCommand'
        ($r.Errors.Target | Sort-Object) | Should -Be ($forbidden | Sort-Object)
        $r.Errors.Category | Sort-Object -Unique | Should -Be 'PermissionDenied'
        $r.Deployments | Should -BeGreaterThan ($r.Accounts) -Because 'most accounts have more than one deployment'
        $r.WithAccount | Should -Be $r.Deployments
        $r.Kinds | Should -Be @('Other', 'Realtime', 'Transcription')
        $r.Realtime | Should -BeLessThan $r.Deployments
    }

    It 'takes deployments from one Resource Graph query where it indexes them, and reads ARM only for the rest' {
        $fleet = Set-Fleet @{ indexDeployments = $true }
        $sub = $fleet.subscriptions[7]
        $r = Invoke-FleetScript @"
`$d = @(Find-RealtimeAccount -SubscriptionId '$sub' | Get-RealtimeDeployment -ErrorVariable errs -ErrorAction SilentlyContinue)
`$out.Deployments = `$d.Count
`$out.Errors = @(`$errs).Count
"@
        $stats = (Invoke-RestMethod -Uri "$($Emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy).stats
        $forbidden = @($fleet.forbidden | Where-Object { ($_ -split '/')[2] -eq $sub })
        $stats.graphRequests | Should -Be 2 -Because 'one query finds the accounts, one lists their deployments'
        $stats.armRequests | Should -Be $forbidden.Count -Because 'only accounts Resource Graph returned nothing for are read from ARM'
        $r.Errors | Should -Be $forbidden.Count
        $r.Deployments | Should -BeGreaterThan 0
    }

    It 'takes accounts read back from JSON (a shard file) like RealtimeAccount objects; -Name stays the deployment filter' {
        Set-Fleet @{ accounts = 12; subscriptions = 3; forbiddenEvery = 0 } | Out-Null
        $r = Invoke-FleetScript @'
$accounts = @(Find-RealtimeAccount)
$key = { "$($_.AccountResourceId)|$($_.Name)" }
$out.Accounts = $accounts.Count
$out.Typed = @($accounts | Get-RealtimeDeployment | ForEach-Object $key | Sort-Object)
$out.Json = @($accounts | ConvertTo-Json | ConvertFrom-Json | Get-RealtimeDeployment | ForEach-Object $key | Sort-Object)
$out.JsonAccounts = @($accounts | ConvertTo-Json | ConvertFrom-Json | Get-RealtimeDeployment | ForEach-Object AccountResourceId | Sort-Object -Unique).Count
$out.TypedNamed = @($accounts | Get-RealtimeDeployment -Name gpt-realtime | ForEach-Object $key | Sort-Object)
$out.JsonNamed = @($accounts | ConvertTo-Json | ConvertFrom-Json | Get-RealtimeDeployment -Name gpt-realtime | ForEach-Object $key | Sort-Object)
$first = $accounts | Get-RealtimeDeployment -Name gpt-realtime | Select-Object -First 1
$out.Deployment = @(($first | ForEach-Object $key), ($first | Get-RealtimeDeployment | ForEach-Object $key))
'@
        $r.Typed.Count | Should -BeGreaterThan $r.Accounts -Because 'the plain RealtimeAccount objects still bind'
        $r.Json | Should -Be $r.Typed -Because 'accounts read back from JSON are read like the objects they were written from'
        $r.JsonAccounts | Should -Be $r.Accounts -Because "each account's deployments come back, not a search for a deployment named like the account"
        $r.JsonNamed.Count | Should -BeGreaterThan 0
        $r.JsonNamed | Should -Be $r.TypedNamed
        @($r.JsonNamed | Where-Object { $_ -notlike '*|gpt-realtime' }) | Should -BeNullOrEmpty
        $r.Deployment[1] | Should -Be $r.Deployment[0] -Because 'a piped deployment still binds by its names and reads back itself'
    }

    It 'stops reading accounts when the pipeline stops taking deployments (Select-Object -First)' {
        $fleet = Set-Fleet @{ latencyMs = 20 }
        $r = Invoke-FleetScript @'
$accounts = @(Find-RealtimeAccount)
$out.Accounts = $accounts.Count
$out.First = @($accounts | Get-RealtimeDeployment -ThrottleLimit 2 -ErrorAction SilentlyContinue | Select-Object -First 1).Count
'@
        $stats = (Invoke-RestMethod -Uri "$($Emu.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy).stats
        $r.Accounts | Should -Be $fleet.accounts
        $r.First | Should -Be 1
        $stats.armRequests | Should -BeLessThan ($r.Accounts / 10) -Because 'the sweep is cancelled once nothing downstream reads its output'
    }
}

Describe 'Test-RealtimeDeployment over deployments from the pipeline' {
    It 'checks them per account, -ThrottleLimit accounts at a time, each result with its account; Entra identities only' {
        Set-Fleet @{ accounts = 40; subscriptions = 4; forbiddenEvery = 0 } | Out-Null
        $r = Invoke-FleetScript @'
$d = @(Find-RealtimeAccount | Get-RealtimeDeployment -Kind Realtime)
$t = @($d | Test-RealtimeDeployment -ThrottleLimit 4)
$out.Deployments = $d.Count
$out.Results = $t.Count
$out.Accounts = @($d.AccountResourceId | Sort-Object -Unique).Count
$out.ResultAccounts = @($t.AccountName | Sort-Object -Unique).Count
$out.Matched = @($t | Where-Object { "$($_.RealtimeDeploymentInfo.AccountResourceId)|$($_.Deployment)" -in @($d | ForEach-Object { "$($_.AccountResourceId)|$($_.Name)" }) }).Count
$out.Online = @($t | Where-Object Online).Count
$out.Failed = @($t | Where-Object { "$($_.Verdict)" -eq 'Failed' } | ForEach-Object { "$($_.AccountName)/$($_.Deployment)" })
$out.Quiet = @($d | Test-RealtimeDeployment -Quiet) | Sort-Object -Unique
$out.Key = ErrorOf { $d | Test-RealtimeDeployment -Endpoint $base -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) }
'@
        $r.Results | Should -Be $r.Deployments
        $r.ResultAccounts | Should -Be $r.Accounts
        $r.Matched | Should -Be $r.Deployments -Because 'each result names the deployment and the account it checked'
        $r.Online | Should -Be $r.Deployments -Because 'every account was read from ARM with the managed identity'
        $r.Failed.Count | Should -BeGreaterThan 0 -Because 'the fleet has realtime deployments whose provisioning failed'
        $r.Quiet | Should -Be @($false, $true)
        $r.Key.Id | Should -Be @('DeploymentTestNeedsEntraIdentity,RealtimeOps.Cmdlets.TestRealtimeDeploymentCommand')
    }
}

Describe 'Invoke-RealtimeProbe over deployments from the pipeline' {
    It 'probes each deployment on its own account with the same identity, -ThrottleLimit accounts at a time' {
        Set-Fleet @{ accounts = 12; subscriptions = 3; forbiddenEvery = 0 } | Out-Null
        $r = Invoke-FleetScript @'
$d = @(Find-RealtimeAccount -Name 'rtfleet-0000[1-4]' | Get-RealtimeDeployment -Kind Realtime -Name gpt-realtime)
$p = @($d | Invoke-RealtimeProbe -Rounds 1 -DelayMs 0 -ThrottleLimit 2 -SkipDeploymentCheck)
$out.Deployments = $d.Count
$out.Results = @($p | ForEach-Object { [ordered]@{ Deployment = $_.Deployment; Endpoint = $_.Endpoint; Verdict = "$($_.Verdict)" } })
$out.WhatIf = @($d | Invoke-RealtimeProbe -Rounds 1 -DelayMs 0 -WhatIf).Count
$out.Key = ErrorOf { $d | Invoke-RealtimeProbe -Rounds 1 -Endpoint $base -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) }
'@
        $requests = @(Get-EmulatorRequest -Emulator $Emu -Path '/openai/v1/realtime/client_secrets')
        $r.Deployments | Should -Be 4
        $r.Results.Count | Should -Be 4
        $r.Results.Deployment | Sort-Object -Unique | Should -Be 'gpt-realtime'
        $r.Results.Verdict | Sort-Object -Unique | Should -Be 'Healthy'
        $requests.Count | Should -BeGreaterOrEqual 4 -Because 'every deployment was probed on the data plane'
        $r.WhatIf | Should -Be 0
        $r.Key.Id | Should -Be @('ProbeNeedsEntraIdentity,RealtimeOps.Cmdlets.InvokeRealtimeProbeCommand')
    }
}

Describe 'Test-RealtimeTranscription over deployments from the pipeline' {
    It 'checks each transcription deployment live on its own account with the same identity; results carry their account' {
        Set-Fleet @{ accounts = 16; subscriptions = 4; forbiddenEvery = 0 } | Out-Null
        Clear-EmulatorRequest -Emulator $Emu
        $r = Invoke-FleetScript @'
$accounts = @(Find-RealtimeAccount)
$d = @($accounts | Get-RealtimeDeployment -Kind Transcription)
$t = @($d | Test-RealtimeTranscription -ThrottleLimit 2 -Language en)
$out.Deployments = @($d | ForEach-Object { "$($_.AccountResourceId)|$($_.Name)" } | Sort-Object)
$out.Results = @($t | ForEach-Object { "$($_.AccountResourceId)|$($_.TranscriptionDeployment)" } | Sort-Object)
$out.Names = @($t | Where-Object { $_.AccountName -eq ($_.AccountResourceId -split '/')[-1] }).Count
$out.Verdicts = @($t | ForEach-Object { "$($_.Verdict)" } | Sort-Object -Unique)
$out.Auth = @($t | ForEach-Object AuthMode | Sort-Object -Unique)
$out.View = $t[0] | Out-String -Width 300
$out.Account = $t[0].AccountResourceId
$out.WhatIf = @($d | Test-RealtimeTranscription -WhatIf).Count
$out.Realtime = ErrorOf { $accounts | Get-RealtimeDeployment -Kind Realtime -Name gpt-realtime | Select-Object -First 2 | Test-RealtimeTranscription }
$out.Key = ErrorOf { $d | Test-RealtimeTranscription -Endpoint $base -ApiKey (ConvertTo-SecureString 'k' -AsPlainText -Force) }
'@
        $sockets = @(Get-EmulatorRequest -Emulator $Emu -Path '/openai/v1/realtime')
        $r.Deployments.Count | Should -BeGreaterThan 1
        @($r.Deployments | ForEach-Object { ($_ -split '\|')[0] } | Sort-Object -Unique).Count | Should -BeGreaterThan 1 -Because 'the deployments span several accounts'
        $r.Results | Should -Be $r.Deployments -Because 'one result per deployment, each naming its account and deployment'
        $r.Names | Should -Be $r.Deployments.Count
        $r.Verdicts | Should -Be 'Transcribed'
        $r.Auth | Should -Be 'ManagedIdentity'
        $r.View | Should -Match ([regex]::Escape($r.Account))
        $sockets.Count | Should -Be $r.Deployments.Count -Because 'one live session per deployment, none for -WhatIf or refused input'
        @($sockets | Where-Object { $_.query -ne 'intent=transcription' }) | Should -BeNullOrEmpty
        $r.WhatIf | Should -Be 0
        $r.Realtime.Output | Should -Be 0
        $r.Realtime.Id | Sort-Object -Unique | Should -Be 'TranscriptionDeploymentKindUnsupported,RealtimeOps.Cmdlets.TestRealtimeTranscriptionCommand'
        $r.Realtime.Target[0] | Should -Match '/accounts/[^/]+/deployments/gpt-realtime$'
        $r.Key.Id | Should -Be @('TranscriptionNeedsEntraIdentity,RealtimeOps.Cmdlets.TestRealtimeTranscriptionCommand')
        $r.Key.Category | Should -Be @('AuthenticationError')
    }
}

Describe 'Export-RealtimeFleetReport' {
    BeforeAll {
        Set-Fleet @{ accounts = 120; subscriptions = 4 } | Out-Null
        $script:X = Invoke-FleetScript @'
$d = @(Find-RealtimeAccount | Get-RealtimeDeployment -ErrorAction Continue 2>&1)
$out.Html = $d | Export-RealtimeFleetReport -Path (Join-Path $work 'fleet.html') -Scope 'tenant' | Select-Object Path, Format, Deployments, Failed, Warning, Passed, Accounts
$out.Csv = ($d | Export-RealtimeFleetReport -Path (Join-Path $work 'fleet.csv')).Format
$out.Exists = ErrorOf { $d | Export-RealtimeFleetReport -Path (Join-Path $work 'fleet.html') }
$out.Forced = ($d | Export-RealtimeFleetReport -Path (Join-Path $work 'fleet.html') -Force -Scope 'tenant').Deployments
$out.WhatIf = @($d | Export-RealtimeFleetReport -Path (Join-Path $work 'whatif.html') -WhatIf).Count
$out.NotFile = ErrorOf { $d | Export-RealtimeFleetReport -Path 'Variable:\report' }
$out.NoFolder = ErrorOf { $d | Export-RealtimeFleetReport -Path (Join-Path $work 'missing/fleet.html') }
$out.BadInput = ErrorOf { 'text' | Export-RealtimeFleetReport -Path (Join-Path $work 'text.html') }
$half = [math]::Floor($d.Count / 2)
$d[0..($half - 1)] | Export-RealtimeFleetReport -Path (Join-Path $work 'leg-1.json') -Scope 'shard 1 of 2' | Out-Null
$d[$half..($d.Count - 1)] | Export-RealtimeFleetReport -Path (Join-Path $work 'leg-2.json') -Scope 'shard 2 of 2' | Out-Null
$merged = Export-RealtimeFleetReport -Path (Join-Path $work 'merged.html') -InputPath (Join-Path $work 'leg-*.json')
$out.Merged = $merged | Select-Object Deployments, Failed, Accounts
$out.Table = ($merged | Out-String -Width 200)
'@
    }

    It 'writes one report over every deployment and every unreadable account' {
        $X.Html.Format | Should -Be 'Html'
        $X.Html.Failed | Should -BeGreaterThan 0 -Because 'the fleet has failed provisioning and forbidden accounts'
        $X.Html.Deployments | Should -Be ($X.Html.Failed + $X.Html.Warning + $X.Html.Passed)
        $X.Html.Accounts | Should -Be 120
        $X.Csv | Should -Be 'Csv'
        (Import-Csv (Join-Path $Work 'fleet.csv')).Count | Should -Be $X.Html.Deployments
        (Import-Csv (Join-Path $Work 'fleet.csv'))[0].Verdict | Should -Be 'Failed' -Because 'failures come first'
        $html = Get-Content (Join-Path $Work 'fleet.html') -Raw
        $html | Should -Match '<td class="name">\(not readable\)</td>'
    }

    It 'keeps an existing file unless -Force, honours -WhatIf, and refuses paths that are not files' {
        $X.Exists.Id | Should -Be @('FleetReportFileExists,RealtimeOps.Cmdlets.ExportRealtimeFleetReportCommand')
        $X.Forced | Should -Be $X.Html.Deployments
        $X.WhatIf | Should -Be 0
        Join-Path $Work 'whatif.html' | Should -Not -Exist
        $X.NotFile.Id | Should -Be @('FleetReportPathNotFileSystem,RealtimeOps.Cmdlets.ExportRealtimeFleetReportCommand')
        $X.NoFolder.Id | Should -Be @('FleetReportPathInvalid,RealtimeOps.Cmdlets.ExportRealtimeFleetReportCommand')
        $X.BadInput.Id | Should -Contain 'FleetReportInputUnsupported,RealtimeOps.Cmdlets.ExportRealtimeFleetReportCommand'
        @(Get-ChildItem $Work -Filter '*.tmp' -Force).Count | Should -Be 0
    }

    It 'merges the result files of shard legs into one report' {
        $X.Merged.Deployments | Should -Be $X.Html.Deployments
        $X.Merged.Failed | Should -Be $X.Html.Failed
        $X.Table | Should -Match 'Format\s+Deployments\s+Failed\s+Warning\s+Passed'
        Get-Content (Join-Path $Work 'merged.html') -Raw | Should -Match 'shard 1 of 2; shard 2 of 2'
    }

    It 'renders in headless Chromium: the script runs without errors and a hostile name stays text' {
        $chromium = (Get-Command chromium, chromium-browser -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        $chromium | Should -Not -BeNullOrEmpty -Because '.ci/run installs the Debian package chromium'
        # A result file with a hostile deployment name, merged into a report like any leg's output.
        $leg = Join-Path $Work 'hostile.json'
        @{ format = 'RealtimeOps.FleetReport/1'; sweepStarted = '2026-12-01T07:00:00Z'; sweepEnded = '2026-12-01T07:05:00Z'; scope = @('test')
           deployments = @(@{ account = 'acct'; accountId = ''; subscriptionId = ''; region = 'swedencentral'; deployment = '<script>alert(1)</script>'; model = '<img src=x onerror=alert(2)>'
                              version = '1'; sku = 'S'; capacity = 1; kind = 'Realtime'; verdict = 'Failed'; retirementDate = $null; retirementSource = ''
                              checks = @(@{ name = 'ProvisioningSucceeded'; status = 'Failed'; reason = '"><svg onload=alert(3)>' }) }) } | ConvertTo-Json -Depth 6 | Set-Content $leg
        $page = Join-Path $Work 'render.html'
        $r = Invoke-FleetScript "`$out.N = (Export-RealtimeFleetReport -Path '$page' -InputPath '$leg', '$(Join-Path $Work 'leg-*.json')').Deployments"
        $r.N | Should -BeGreaterThan 1
        $profileDir = Join-Path $Work 'chromium-profile'
        $common = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0', '--window-size=1280,1400')
        $png = Join-Path $Work 'render.png'
        $dom = & $chromium @common --dump-dom "file://$page" 2>$null
        $shot = & $chromium @common "--screenshot=$png" "file://$page" 2>&1
        $console = @($shot | Where-Object { "$_" -match 'CONSOLE|Uncaught|SyntaxError' })
        $console | Should -BeNullOrEmpty -Because 'the page script runs without errors'
        ($dom -join "`n") | Should -Match 'data-report-script="ready"' -Because "the page's own script ran to its end"
        ($dom -join "`n") | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt;'
        ($dom -join "`n") | Should -Not -Match '<img src="x"'
        $png | Should -Exist
        (Get-Item $png).Length | Should -BeGreaterThan 20KB -Because 'a rendered page with charts, not a blank image'
    }
}

Describe 'Split-RealtimeFleet' {
    It 'splits the accounts into shards each leg can work out for itself, and emits the matrices' {
        Set-Fleet @{ accounts = 200; subscriptions = 8 } | Out-Null
        $r = Invoke-FleetScript @'
$accounts = @(Find-RealtimeAccount)
$shards = @($accounts | Split-RealtimeFleet -Shards 4)
$out.Shards = @($shards | ForEach-Object { [ordered]@{ Index = $_.Index; Name = $_.Name; Accounts = $_.AccountCount; Ids = @($_.Accounts.Id) } })
$out.Third = @(($accounts | Split-RealtimeFleet -Shards 4 -Index 3).Accounts.Id)
$out.GitHub = $accounts | Split-RealtimeFleet -Shards 4 -Matrix GitHubActions
$out.Ado = $accounts | Split-RealtimeFleet -Shards 4 -Matrix AzureDevOps
$out.Few = $accounts[0..1] | Split-RealtimeFleet -Shards 8 -Matrix GitHubActions
$out.Table = ($shards | Out-String)
$out.Past = ErrorOf { $accounts | Split-RealtimeFleet -Shards 2 -Index 3 }
'@
        $r.Shards.Index | Should -Be @(1, 2, 3, 4)
        $r.Shards.Name | Should -Be @('shard-1-of-4', 'shard-2-of-4', 'shard-3-of-4', 'shard-4-of-4')
        ($r.Shards | ForEach-Object { $_.Accounts } | Measure-Object -Sum).Sum | Should -Be 200
        @($r.Shards.Ids | Sort-Object -Unique).Count | Should -Be 200
        $r.Third | Should -Be $r.Shards[2].Ids
        ($r.GitHub | ConvertFrom-Json).include.shard | Should -Be @(1, 2, 3, 4)
        ($r.Ado | ConvertFrom-Json).shard3.shard | Should -Be '3'
        ($r.Few | ConvertFrom-Json).include.Count | Should -Be 2 -Because 'no leg without an account'
        $r.Table | Should -Match 'Name\s+Index\s+Accounts\s+Subscriptions'
        $r.Past.Id | Should -Be @('FleetShardIndexOutOfRange,RealtimeOps.Cmdlets.SplitRealtimeFleetCommand')
    }
}
