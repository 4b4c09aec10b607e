# Help as users read it (Get-Help on the built module), and the help compiler refusing incomplete pages.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Get-RealtimeOpsModulePath) -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $commandCases = @((Get-Module RealtimeOps).ExportedCmdlets.Values | ForEach-Object { @{ Command = $_.Name } })
    $parameterCases = foreach ($command in (Get-Module RealtimeOps).ExportedCmdlets.Values) {
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            @{ Command = $command.Name; Parameter = $parameter }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Get-RealtimeOpsModulePath) -Force
    $script:Docs = Join-Path (Get-RepoRoot) 'docs/en-US'
    $script:Page = Get-Content (Join-Path $Docs 'Get-RealtimeModel.md') -Raw

    # The text of the markdown section '## <Name>', up to the next '## '.
    function Get-PageSection([string] $Text, [string] $Name) {
        $m = [regex]::Match($Text, "(?ms)^## $([regex]::Escape($Name))\s*\r?\n(.*?)(?=^## |\z)")
        if (-not $m.Success) { throw "No '## $Name' section." }
        $m.Groups[1].Value
    }
}

Describe 'Get-Help for Get-RealtimeModel' {
    It 'shows every example code block of the markdown page with -Examples' {
        $examples = Get-PageSection $Page 'EXAMPLES'
        $code = [regex]::Matches($examples, '(?ms)^```powershell\r?\n(.*?)\r?\n```') | ForEach-Object { $_.Groups[1].Value.Trim() }
        $code.Count | Should -BeGreaterOrEqual 2
        $shown = Get-Help Get-RealtimeModel -Examples | Out-String -Width 500
        foreach ($block in $code) {
            $shown | Should -BeLike "*$block*"
        }
        $shown | Should -Match 'PS C:\\> Get-RealtimeModel -Kind Transcription -Region ''Sweden Central'''
    }

    It 'gives each example its title, code and remarks' {
        $help = Get-Help Get-RealtimeModel -Examples
        $titles = [regex]::Matches((Get-PageSection $Page 'EXAMPLES'), '(?m)^### (.+?)\s*$') | ForEach-Object { $_.Groups[1].Value }
        @($help.examples.example).Count | Should -Be $titles.Count
        for ($i = 0; $i -lt $titles.Count; $i++) {
            $example = @($help.examples.example)[$i]
            $example.title | Should -Match ([regex]::Escape($titles[$i]))
            $example.code | Should -Match '^PS C:\\> '
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'has the synopsis and description of the page with -Full' {
        $help = Get-Help Get-RealtimeModel -Full
        $synopsis = (Get-PageSection $Page 'SYNOPSIS').Trim()
        $help.Synopsis.Trim() | Should -Be $synopsis
        $description = ($help.description.Text -join "`n")
        $description | Should -Match 'dated catalog of models'
        $description | Should -Match 'Sweden Central'
        $full = Get-Help Get-RealtimeModel -Full | Out-String -Width 500
        $full | Should -Match 'RealtimeOps\.Engine\.Catalog\.RealtimeModel'
        $full | Should -Match 'Accept wildcard characters\?\s+true'
        $full | Should -Match 'about_RealtimeOps'
    }

    It 'shows a parameter description with -Parameter' {
        $text = Get-Help Get-RealtimeModel -Parameter Region | Out-String -Width 500
        $text | Should -Match 'Sweden Central'
        $text | Should -Match 'Accept pipeline input\?\s+True \(ByPropertyName\)'
        $live = Get-Help Get-RealtimeModel -Parameter Location | Out-String -Width 500
        $live | Should -Match 'Azure Resource Manager'
    }

    It 'lists the accepted values of -Kind in the syntax' {
        $syntax = (Get-Help Get-RealtimeModel).syntax | Out-String -Width 500
        $syntax | Should -Match '-Kind \{Realtime \| Transcription\}'
    }
}

Describe 'Parameter help of every exported cmdlet' {
    It '<Command> -<Parameter> has a description' -ForEach $parameterCases {
        $help = Get-Help $Command -Parameter $Parameter
        ($help.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    # What PlatyPS would write from the cmdlet: the page's position, aliases and pipeline input are the cmdlet's own.
    It '<Command> -<Parameter>: the page states the position, aliases and pipeline input the cmdlet has' -ForEach $parameterCases {
        $page = Get-Content (Join-Path $Docs "$Command.md") -Raw
        $section = [regex]::Match($page, "(?ms)^### -$Parameter\s*\r?\n.*?^``````yaml\r?\n(.*?)^``````")
        $section.Success | Should -BeTrue -Because "docs/en-US/$Command.md documents -$Parameter"
        $yaml = $section.Groups[1].Value
        $metadata = (Get-Command $Command).Parameters[$Parameter]
        $sets = @($metadata.ParameterSets.Values)

        $kinds = @(if ($sets | Where-Object ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($sets | Where-Object ValueFromPipeline) { 'ByValue' })
        $stated = [regex]::Match($yaml, '(?m)^Accept pipeline input:\s*True \(([^;)]*)').Groups[1].Value
        (@($stated -split ',\s*' | Where-Object { $_ }) | Sort-Object) -join ',' | Should -Be (($kinds | Sort-Object) -join ',') -Because 'Accept pipeline input'

        $positions = @($sets | Where-Object Position -GE 0 | ForEach-Object Position | Sort-Object -Unique)
        $position = if ($positions.Count) { "$($positions[0])" } else { 'Named' }
        [regex]::Match($yaml, '(?m)^Position:\s*(\S+)').Groups[1].Value | Should -Be $position -Because 'Position'

        $aliases = [regex]::Match($yaml, '(?m)^Aliases:[ \t]*(.*?)\s*$').Groups[1].Value -split ',\s*' | Where-Object { $_ }
        (@($aliases) | Sort-Object) -join ',' | Should -Be ((@($metadata.Aliases) | Sort-Object) -join ',') -Because 'Aliases'
    }
}

Describe 'SYNTAX of every help page' {
    # What PlatyPS would write from the cmdlet: one block per parameter set, with the set's parameters.
    It '<Command>: one block per parameter set, each with the parameters of that set' -ForEach $commandCases {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $page = Get-Content (Join-Path $Docs "$Command.md") -Raw
        $syntax = [regex]::Match($page, '(?ms)^## SYNTAX\s*(.*?)^## ').Groups[1].Value
        $documented = @{}
        foreach ($block in [regex]::Matches($syntax, '(?ms)(?:^### (\S+)[^\n]*\n\s*)?^```\r?\n(.*?)\r?\n```')) {
            $set = if ($block.Groups[1].Success) { $block.Groups[1].Value } else { '(only)' }
            $documented[$set] = (@([regex]::Matches($block.Groups[2].Value, '(?<=[\s\[])-(\w+)') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -notin $common -and $_ -ne 'CommonParameters' } | Sort-Object -Unique)) -join ','
        }
        $sets = @((Get-Command $Command).ParameterSets)
        $documented.Count | Should -Be $sets.Count -Because "docs/en-US/$Command.md has a SYNTAX block per parameter set"
        foreach ($set in $sets) {
            $key = if ($sets.Count -eq 1 -and -not $documented.ContainsKey($set.Name)) { @($documented.Keys)[0] } else { $set.Name }
            $expected = (@($set.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object -Unique)) -join ','
            $documented[$key] | Should -Be $expected -Because "the $($set.Name) set of $Command"
        }
    }
}

Describe 'about_RealtimeOps' {
    It 'is shown by Get-Help' {
        $text = Get-Help about_RealtimeOps | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'Azure OpenAI Realtime'
        $text | Should -Match 'Get-RealtimeModel'
        $text | Should -Match 'Az\.Accounts'
    }

    It 'describes as available exactly the cmdlets this module exports' {
        $text = Get-Content (Join-Path $Docs 'about_RealtimeOps.help.md') -Raw
        $available = [regex]::Match($text, '(?s)Available in this version:(.*?)(?:(?:\r?\n){2}Planned|\r?\n## |\z)').Groups[1].Value
        $named = [regex]::Matches($available, '(?m)^- ([A-Za-z]+-[A-Za-z]+)') | ForEach-Object { $_.Groups[1].Value }
        $exported = (Get-Module RealtimeOps).ExportedCmdlets.Keys
        ($named | Sort-Object) -join ',' | Should -Be (($exported | Sort-Object) -join ',')
    }
}

Describe 'The help compiler' {
    BeforeAll {
        $script:Compiler = Join-Path (Get-RepoRoot) 'build/RealtimeOps.HelpCompiler/bin/Release/net10.0/RealtimeOps.HelpCompiler.dll'
        $script:DotNet = (Get-Process -Id $PID).Path
        if ((Split-Path $DotNet -Leaf) -notmatch '^dotnet(\.exe)?$') { $script:DotNet = 'dotnet' }
        # build.ps1 leaves the compiler built unless PlatyPS compiled the help instead.
        if (-not (Test-Path $Compiler)) {
            & $DotNet build (Join-Path (Get-RepoRoot) 'build/RealtimeOps.HelpCompiler/RealtimeOps.HelpCompiler.csproj') -c Release --nologo --verbosity quiet | Out-Null
            if ($LASTEXITCODE -ne 0) { throw 'The help compiler did not build.' }
        }

        # Compiles one page in a scratch folder; returns exit code, stderr and whether the MAML file was written.
        function Invoke-HelpCompiler([string] $PageText, [string] $FileName = 'Get-RealtimeModel.md') {
            $root = Join-Path ([IO.Path]::GetTempPath()) ("ro-help-{0}" -f [guid]::NewGuid().ToString('n'))
            $in = New-Item -ItemType Directory (Join-Path $root 'in')
            $out = Join-Path $root 'out'
            Set-Content -LiteralPath (Join-Path $in $FileName) -Value $PageText -NoNewline
            try {
                $stderr = & $DotNet $Compiler --input $in --output $out --module RealtimeOps 2>&1 | Out-String
                [pscustomobject]@{
                    ExitCode = $LASTEXITCODE
                    Output   = $stderr
                    Written  = Test-Path (Join-Path $out 'RealtimeOps.dll-Help.xml')
                }
            }
            finally { Remove-Item $root -Recurse -Force }
        }

        function Get-LineNumber([string] $Text, [string] $Line) {
            $lines = $Text -split '\n'
            for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].TrimEnd() -eq $Line) { return $i + 1 } }
            throw "Line '$Line' not found."
        }
    }

    It 'compiles the real page' {
        $result = Invoke-HelpCompiler $Page
        $result.ExitCode | Should -Be 0
        $result.Written | Should -BeTrue
    }

    It 'fails on a page without the <Section> section, naming file and line' -ForEach @(
        @{ Section = 'NOTES' }, @{ Section = 'OUTPUTS' }, @{ Section = 'RELATED LINKS' }, @{ Section = 'SYNOPSIS' }
    ) {
        $broken = $Page -replace "(?m)^## $Section\r?\n", "## SOMETHING ELSE`n"
        $result = Invoke-HelpCompiler $broken
        $result.ExitCode | Should -Be 1
        $result.Written | Should -BeFalse
        $result.Output | Should -Match "Get-RealtimeModel\.md:$(Get-LineNumber $broken '# Get-RealtimeModel'): required section '## $Section' is missing"
    }

    It 'fails on a {{ }} placeholder, naming its line' {
        $broken = $Page -replace '(?m)^Returns only realtime \(speech-to-speech\).*$', '{{ Fill Kind Description }}'
        $result = Invoke-HelpCompiler $broken
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match "Get-RealtimeModel\.md:$(Get-LineNumber $broken '{{ Fill Kind Description }}'): placeholder"
    }

    It 'fails on a page with fewer than two examples' {
        $broken = [regex]::Replace($Page, '(?s)### Example 2:.*?(?=## PARAMETERS)', '')
        $result = Invoke-HelpCompiler $broken
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match "Get-RealtimeModel\.md:$(Get-LineNumber $broken '## EXAMPLES'): 1 example\(s\)"
    }

    It 'fails on a parameter without a description' {
        $broken = $Page -replace '(?m)^Returns only realtime \(speech-to-speech\).*\r?\n', ''
        $result = Invoke-HelpCompiler $broken
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match "Get-RealtimeModel\.md:$(Get-LineNumber $broken '### -Kind'): parameter -Kind has no description"
    }

    It 'fails when the syntax names a parameter the page does not describe' {
        $broken = $Page -replace '\[-Region <String>\]', '[-Region <String>] [-Version <String>]'
        $result = Invoke-HelpCompiler $broken
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match 'names -Version, which .## PARAMETERS. does not describe'
    }

    It 'fails on a page whose title is not its file name' {
        $result = Invoke-HelpCompiler $Page -FileName 'Get-RealtimeModels.md'
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match "Get-RealtimeModels\.md:$(Get-LineNumber $Page '# Get-RealtimeModel'): title 'Get-RealtimeModel' does not match"
    }
}
