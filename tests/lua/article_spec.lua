-- article_spec.lua -- article structure through lede._article (the raw
-- binding under lede.article): paragraphs and roles, headline, dateline,
-- byline, captions, boilerplate and the article's date.
local lede = require "lede"
local support = require "support"

local function sample(name)
  return support.readfile("tests/data/articles/" .. name)
end

-- Every span points into the text: text:sub(start, stop) == span.text.
local function check_span(text, sp)
  assert.is_table(sp)
  assert.are.equal(sp.text, text:sub(sp.start, sp.stop))
end

local function check_all_spans(text, a)
  for _, key in ipairs { "headline", "dateline", "byline" } do
    if a[key] then check_span(text, a[key]) end
  end
  local last = 0
  for _, p in ipairs(a.paragraphs) do
    check_span(text, p)
    assert.is_true(p.start > last, "paragraphs ordered, not overlapping")
    last = p.stop
  end
  for _, c in ipairs(a.captions) do check_span(text, c) end
  for _, b in ipairs(a.boilerplate) do check_span(text, b) end
end

-- The roles of the paragraphs whose text contains `needle` (plain).
local function role_of(a, needle)
  for _, p in ipairs(a.paragraphs) do
    if p.text:find(needle, 1, true) then return p.role end
  end
  return nil
end

local function boilerplate_has(a, needle)
  for _, b in ipairs(a.boilerplate) do
    if b.text:find(needle, 1, true) then return true end
  end
  return false
end

describe("lede._article", function()
  it("returns the empty structure for empty text", function()
    local a = lede._article("")
    assert.is_nil(a.headline)
    assert.is_nil(a.dateline)
    assert.is_nil(a.byline)
    assert.is_nil(a.date)
    assert.are.same({}, a.paragraphs)
    assert.are.same({}, a.captions)
    assert.are.same({}, a.boilerplate)
  end)

  it("raises on a non-string argument", function()
    assert.has_error(function() lede._article({}) end)
  end)

  it("cuts paragraphs at blank lines and keeps wrapped lines together", function()
    local text = "First paragraph is here and it goes on for a while\n" ..
      "and continues on a wrapped line that is also quite long.\n\n" ..
      "Second paragraph.\n"
    local a = lede._article(text)
    assert.are.equal(2, #a.paragraphs)
    assert.are.equal("Second paragraph.", a.paragraphs[2].text)
    check_all_spans(text, a)
  end)

  it("cuts a chrome line from the line below it", function()
    local a = lede._article("Skip to content\nJoin our Newsletter\n\nBody text here.")
    assert.are.equal("Skip to content", a.paragraphs[1].text)
    assert.are.equal("boilerplate", a.paragraphs[1].role)
    assert.are.equal("Join our Newsletter", a.paragraphs[2].text)
    assert.are.equal("boilerplate", a.paragraphs[2].role)
  end)

  it("handles CRLF line ends", function()
    local text = "Skip to content\r\n\r\nMayor opens new bridge over the river\r\n\r\n" ..
      "OSLO (AP) \u{2014} The mayor opened a bridge on Monday.\r\n"
    local a = lede._article(text)
    assert.are.equal("Mayor opens new bridge over the river", a.headline.text)
    assert.are.equal("OSLO", a.dateline.place)
    check_all_spans(text, a)
  end)

  describe("on the AP-style scraped sample", function()
    local text = sample("ap_scraped.txt")
    local a = lede._article(text)
    it("finds the headline after the chrome", function()
      assert.are.equal("Alpine towns ask for federal help as glacier lake threatens valley",
        a.headline.text)
      assert.are.equal("boilerplate", role_of(a, "Skip to main content"))
    end)
    it("finds the dateline with place, region and agency", function()
      assert.are.equal("GENEVA, Switzerland (AP) \u{2014}", a.dateline.text)
      assert.are.equal("GENEVA, Switzerland", a.dateline.place)
      assert.are.equal("Switzerland", a.dateline.region)
      assert.are.equal("AP", a.dateline.agency)
    end)
    it("treats the repeated teaser, the hash line and mid-story chrome as boilerplate", function()
      local datelined = 0
      for _, p in ipairs(a.paragraphs) do
        if p.text:find("^GENEVA") then
          datelined = datelined + 1
          if p.start < a.dateline.start then assert.are.equal("boilerplate", p.role) end
        end
      end
      assert.are.equal(2, datelined)
      local role
      for _, p in ipairs(a.paragraphs) do
        if p.start == a.dateline.start then role = p.role end
      end
      assert.are.equal("dateline", role)
      assert.is_true(boilerplate_has(a, "3f1c9a07be52"))
      assert.are.equal("boilerplate", role_of(a, "Advertisement"))
      assert.are.equal("boilerplate", role_of(a, "Share"))
      assert.is_true(boilerplate_has(a, "___"))
      assert.is_true(boilerplate_has(a, "contributed to this report"))
    end)
    it("finds the caption and its credit, and the date from it", function()
      assert.are.equal(1, #a.captions)
      assert.are.equal("AP Photo/Martin Keller", a.captions[1].credit)
      assert.are.equal("2025-03-11", a.date)
      assert.are.equal("caption", a.date_source)
    end)
    it("finds the byline at the end with names and organisation", function()
      assert.are.same({ "Tomas Rivera", "Ana Lindqvist" }, a.byline.names)
      assert.are.equal("The Associated Press", a.byline.org)
    end)
    it("keeps every span inside the text", function() check_all_spans(text, a) end)
  end)

  describe("on the Reuters web sample", function()
    local text = sample("reuters_web.txt")
    local a = lede._article(text)
    it("reads a dateline with a date and no year", function()
      assert.are.equal("LONDON, Sept 4 (Reuters) -", a.dateline.text)
      assert.are.equal("LONDON", a.dateline.place)
      assert.is_nil(a.dateline.region)
      assert.are.equal("Reuters", a.dateline.agency)
    end)
    it("prefers the printed date line to the caption", function()
      assert.are.equal("2025-09-04", a.date)
      assert.are.equal("date line", a.date_source)
      assert.are.equal("date", role_of(a, "10:31 AM"))
    end)
    it("finds an unparenthesized REUTERS/ credit", function()
      assert.are.equal("REUTERS/Hannah Brooks/File Photo", a.captions[1].credit)
    end)
    it("finds a By-line", function()
      assert.are.equal("By Priya Natarajan", a.byline.text)
      assert.are.same({ "Priya Natarajan" }, a.byline.names)
      assert.is_nil(a.byline.org)
    end)
    it("marks share lines, read-more links and credits as boilerplate", function()
      assert.is_true(boilerplate_has(a, "Share on Facebook"))
      assert.is_true(boilerplate_has(a, "Read more:"))
      assert.is_true(boilerplate_has(a, "Aluminium stocks"))
      assert.is_true(boilerplate_has(a, "Reporting by"))
      assert.is_true(boilerplate_has(a, "Trust Principles"))
    end)
    it("keeps every span inside the text", function() check_all_spans(text, a) end)
  end)

  describe("on the Washington-style sample", function()
    local text = sample("washington_post_style.txt")
    local a = lede._article(text)
    it("reads a bare dateline", function()
      assert.are.equal("WASHINGTON \u{2014}", a.dateline.text)
      assert.are.equal("WASHINGTON", a.dateline.place)
      assert.is_nil(a.dateline.agency)
      assert.is_nil(a.dateline.region)
    end)
    it("prefers the Posted line to the Updated line", function()
      assert.are.equal("2025-06-11", a.date)
      assert.are.equal("date line", a.date_source)
    end)
    it("marks cookie notices, related links, corrections and copyright", function()
      assert.is_true(boilerplate_has(a, "We use cookies"))
      assert.is_true(boilerplate_has(a, "Accept all cookies"))
      assert.is_true(boilerplate_has(a, "Related:"))
      assert.is_true(boilerplate_has(a, "Correction:"))
      assert.is_true(boilerplate_has(a, "All rights reserved"))
      assert.are.equal("body", role_of(a, "Sen. Maria Lopez"))
    end)
  end)

  describe("on the dpa sample", function()
    local a = lede._article(sample("dpa_berlin.txt"))
    it("reads BERLIN (dpa) with an en dash", function()
      assert.are.equal("BERLIN (dpa) \u{2013}", a.dateline.text)
      assert.are.equal("dpa", a.dateline.agency)
    end)
    it("takes the caption's date when nothing else has one", function()
      assert.are.equal("2025-05-04", a.date)
      assert.are.equal("caption", a.date_source)
      assert.are.equal("Photo: Kay Nietfeld/dpa", a.captions[1].credit)
    end)
    it("has no byline", function() assert.is_nil(a.byline) end)
  end)

  describe("on the AFP sample", function()
    local a = lede._article(sample("afp_paris.txt"))
    it("takes a dateline date with a year before a caption date", function()
      assert.are.equal("2024-11-18", a.date)
      assert.are.equal("dateline", a.date_source)
      assert.are.equal("PARIS", a.dateline.place)
      assert.are.equal("AFP", a.dateline.agency)
    end)
    it("reads a capitals byline with an organisation without comma", function()
      assert.are.same({ "SOPHIE MARTIN", "LUC BERNARD" }, a.byline.names)
      assert.are.equal("Agence France-Presse", a.byline.org)
      assert.are.equal("Paris museum returns looted bronzes to Benin", a.headline.text)
    end)
    it("marks the correction as boilerplate", function()
      assert.are.equal("boilerplate", role_of(a, "This story has been corrected"))
    end)
  end)

  describe("on hard-wrapped 1987 wire copy", function()
    local text = sample("reuters_wire_1987.txt")
    local a = lede._article(text)
    it("cuts paragraphs at indented lines, not at every newline", function()
      assert.are.equal("dateline", a.paragraphs[1].role)
      assert.truthy(a.paragraphs[1].text:find("book value.", 1, true))
      assert.truthy(a.paragraphs[2].text:find("^The company said"))
      assert.truthy(a.paragraphs[2].text:find("cut debt.", 1, true))
    end)
    it("reads a Reuters dateline without agency and gives no date without a year", function()
      assert.are.equal("NEW YORK, March 2 -", a.dateline.text)
      assert.are.equal("NEW YORK", a.dateline.place)
      assert.is_nil(a.date)
      assert.is_nil(a.headline)
    end)
    it("marks the sign-off as boilerplate", function()
      assert.are.equal("Reuter", a.boilerplate[#a.boilerplate].text)
    end)
    it("keeps every span inside the text", function() check_all_spans(text, a) end)
  end)

  describe("bylines", function()
    local cases = {
      { "By Jane Doe", { "Jane Doe" }, nil },
      { "By JANE DOE and JOHN ROE Associated Press", { "JANE DOE", "JOHN ROE" }, "Associated Press" },
      { "Jane Doe and John Roe, The Associated Press", { "Jane Doe", "John Roe" }, "The Associated Press" },
      { "Karl Weber And Mia Schulz, The Associated Press", { "Karl Weber", "Mia Schulz" }, "The Associated Press" },
      { "By Ann Poe, Jane Doe and John Roe", { "Ann Poe", "Jane Doe", "John Roe" }, nil },
      { "By Ursula van der Berg, Reuters", { "Ursula van der Berg" }, "Reuters" },
      { "By Jane Doe | The Washington Post", { "Jane Doe" }, "The Washington Post" },
      { "By JANE DOE / Staff Writer", { "JANE DOE" }, "Staff Writer" },
      { "Jane Doe, Reuters", { "Jane Doe" }, "Reuters" },
      { "By Jane Doe | Sept. 4, 2025", { "Jane Doe" }, nil },
      { "By Jane Doe, John Roe and Ann Poe", { "Jane Doe", "John Roe", "Ann Poe" }, nil },
      -- two lines: the organisation under the names
      { "By Jane Doe and John Roe\nThe Associated Press", { "Jane Doe", "John Roe" }, "The Associated Press" },
      { "JANE DOE\nAssociated Press", { "JANE DOE" }, "Associated Press" },
      { "By Jane Doe\nReuters", { "Jane Doe" }, "Reuters" },
    }
    for _, c in ipairs(cases) do
      it("reads " .. c[1], function()
        local text = "Storm closes ports along the northern coast\n\n" .. c[1] ..
          "\n\nThe storm closed three ports on Monday, officials said.\n"
        local a = lede._article(text)
        assert.is_table(a.byline)
        assert.are.equal(c[1], a.byline.text)
        assert.are.same(c[2], a.byline.names)
        assert.are.equal(c[3], a.byline.org)
      end)
    end
    it("does not read a title-case headline as a byline", function()
      local a = lede._article("Storm Closes Ports, Officials Say\n\nBody text follows here.")
      assert.is_nil(a.byline)
    end)
  end)

  describe("captions", function()
    local credits = {
      { "Firefighters work near a burning warehouse, Friday, May 2, 2025. (AP Photo/Dana Cole)", "AP Photo/Dana Cole" },
      { "Leaders pose for a photo at the summit. (Jan Novak/Pool Photo via AP)", "Jan Novak/Pool Photo via AP" },
      { "A view of the port at dawn. (Photo: Reuters)", "Photo: Reuters" },
      { "Protesters gather outside parliament. Getty Images", "Getty Images" },
      { "Protesters gather outside parliament. Photograph: Lena Holt/AFP", "Photograph: Lena Holt/AFP" },
      { "Protesters gather outside parliament. (Photo by Lena Holt/Getty Images)", "Photo by Lena Holt/Getty Images" },
      { "Protesters gather outside parliament. Lena Holt/AFP via Getty Images", "Lena Holt/AFP via Getty Images" },
      { "Protesters gather outside parliament [File: Lena Holt/Reuters]", "File: Lena Holt/Reuters" },
      { "Protesters gather outside parliament. (Lena Holt/For The Daily Ledger)", "Lena Holt/For The Daily Ledger" },
      { "Protesters gather outside parliament. | Photo: Lena Holt/AP", "Photo: Lena Holt/AP" },
      { "Protesters gather outside parliament in 2021. File photo", "File photo" },
    }
    for _, c in ipairs(credits) do
      it("finds the credit " .. c[2], function()
        local a = lede._article("Headline about the port and the summit\n\n" .. c[1] ..
          "\n\nBody paragraph says something.\n")
        assert.are.equal(1, #a.captions)
        assert.are.equal(c[2], a.captions[1].credit)
        assert.are.equal("caption", role_of(a, c[1]:sub(1, 12)))
      end)
    end
    it("does not take a body paragraph ending in a plain parenthesis", function()
      local a = lede._article("The index rose 2% (the most since March).\n")
      assert.are.equal(0, #a.captions)
    end)
    it("does not take a FILE photo's date as the article's date", function()
      local a = lede._article("FILE - A ship in port, Monday, Jan. 6, 2020. (AP Photo/Dana Cole, File)\n\n" ..
        "The ship left on Tuesday.\n")
      assert.is_nil(a.date)
    end)
  end)

  describe("captions over two lines", function()
    it("joins a caption's text and its credit on the next line", function()
      local a = lede._article("Storm closes ports along the coast\n\n" ..
        "Firefighters work near a fire on Thursday.\nPhoto: Jane Doe/Reuters\n\nThe storm closed ports.\n")
      assert.are.equal(1, #a.captions)
      assert.are.equal("Firefighters work near a fire on Thursday.\nPhoto: Jane Doe/Reuters", a.captions[1].text)
      assert.are.equal("Photo: Jane Doe/Reuters", a.captions[1].credit)
      assert.are.equal("Storm closes ports along the coast", a.headline.text)
    end)
    it("joins 'Image source' and 'Image caption'", function()
      local a = lede._article("Storm closes ports along the coast\n\n" ..
        "Image source, EPA\nImage caption, Firefighters at work\n\nThe storm closed ports.\n")
      assert.are.equal(1, #a.captions)
      assert.are.equal("EPA", a.captions[1].credit)
    end)
  end)

  describe("dates", function()
    it("needs a year in the dateline", function()
      local a = lede._article("LONDON, Sept 4 (Reuters) - Shares fell.\n")
      assert.is_nil(a.date)
      assert.are.equal("LONDON", a.dateline.place)
    end)
    it("takes a weekday or month-day alone as no date", function()
      local a = lede._article("Thursday, Sept. 4\n\nBERLIN (dpa) \u{2013} Shares fell.\n")
      assert.is_nil(a.date)
    end)
    it("reads a dateline with a full date", function()
      local a = lede._article("PARIS, Sept. 4, 2025 (AFP) - Shares fell.\n")
      assert.are.equal("2025-09-04", a.date)
      assert.are.equal("dateline", a.date_source)
    end)
    it("ranks a printed date line above the dateline", function()
      local a = lede._article("Published Sept. 3, 2025\n\nPARIS, Sept. 4, 2025 (AFP) - Shares fell.\n")
      assert.are.equal("2025-09-03", a.date)
      assert.are.equal("date line", a.date_source)
    end)
    -- the date lines of scraped pages (our own sentences, in the forms
    -- sites print)
    local function date_of(line, footer)
      return lede._article("Harbor ferry adds a night run\n\n" .. line ..
        "\n\nThe ferry will run until midnight from April, the port said.\n" ..
        (footer and ("\n" .. footer .. "\n") or "")).date
    end
    -- the same line under the headline of a page: menu, story, chrome
    local function page_date_of(line)
      local menu = { "Home", "News", "Sports", "Business", "Opinion", "Weather",
                     "Obituaries", "Contact Us", "Subscribe", "Sign In" }
      local story = ("The harbor ferry will run a night crossing from April, " ..
        "the port authority said on its website, after a year of requests " ..
        "from workers on the late shift at the container terminal. "):rep(2)
      local a = lede._article(table.concat(menu, "\n") ..
        "\n\nHarbor ferry adds a night run\n\n" .. line .. "\n\n" ..
        story .. "\n\n" .. story .. "\n\nShare this:\nFacebook\nTwitter\nEmail\n\n" ..
        "We use cookies to improve your experience on our site.\n\n" ..
        "Privacy Policy\nTerms of Use\nAbout Us\nAdvertise\n")
      assert.are.equal("Harbor ferry adds a night run", a.headline.text)
      return a.date
    end
    it("reads date lines glued to the next block of a scrape", function()
      assert.are.equal("2024-05-21", page_date_of("08:15 21.05.2024Share this story"))
      assert.are.equal("2024-05-21", page_date_of("Published Tue, May 21 20248:15 AM EDTUpdated 2 hours ago"))
      assert.are.equal("2024-05-21", page_date_of("May 21, 2024/0 Comments/in Harbor News /by editor"))
    end)
    it("reads a dotted US date and a day over 12 first", function()
      assert.are.equal("2024-05-21", page_date_of("05.21.2024 08:15 AM"))
      assert.are.equal("2024-05-21", date_of("Posted 21/05/2024"))
    end)
    it("reads month names of other languages in a date line", function()
      assert.are.equal("2024-03-14", page_date_of("Publicado em 14 de março de 2024 às 10:20"))
      assert.are.equal("2024-08-17", page_date_of("Diposting pada Agustus 17, 2024 oleh Redaksi"))
      assert.are.equal("2024-11-07", page_date_of("Опубликовано 7 ноября 2024"))
    end)
    it("finds the headline and its date line over a long share bar", function()
      local share = {}
      for _, site in ipairs { "Facebook", "Messenger", "Twitter", "Email",
                              "WhatsApp", "Pinterest", "LinkedIn", "Reddit" } do
        share[#share + 1] = site
        share[#share + 1] = "Share this with " .. site
      end
      local story = ("The harbor ferry will run a night crossing from April, " ..
        "the port authority said on its website, after a year of requests " ..
        "from workers on the late shift at the container terminal. "):rep(2)
      local a = lede._article("Home\nNews\nSports\nBusiness\nOpinion\nWeather\n" ..
        "Obituaries\nContact Us\nSubscribe\nSign In\n\n" ..
        "Harbor ferry adds a night run for shift workers\n\n3 March 2024\n\n" ..
        table.concat(share, "\n") .. "\n\n" .. story .. "\n\n" .. story ..
        "\n\nWe use cookies to improve your experience on our site.\n\n" ..
        "Privacy Policy\nTerms of Use\nAbout Us\nAdvertise\n")
      assert.are.equal("Harbor ferry adds a night run for shift workers", a.headline.text)
      assert.are.equal("2024-03-03", a.date)
    end)
    it("gives a date line without a year the year of the copyright notice", function()
      assert.are.equal("2024-03-03", date_of("Updated Mar 3, 8:05 PM;Posted Mar 2, 7:50 PM",
                                             "\u{A9} 2024 The Harbor Ledger. All rights reserved."))
      assert.is_nil(date_of("Updated Mar 3, 8:05 PM"))
      assert.is_nil(date_of("Published 2 hours ago", "Copyright 2024 The Harbor Ledger"))
    end)
  end)
end)

describe("the seed story", function()
  local path = support.shared("articles/000_a8aca9f3748c2f87.txt")
  if not path then
    pending("../shared is absent")
    return
  end
  local text = support.readfile(path)
  local a = lede._article(text)

  it("finds the chrome lines and the hash line", function()
    assert.are.equal("boilerplate", role_of(a, "Skip to content"))
    assert.are.equal("boilerplate", role_of(a, "Join our Newsletter"))
    local hash = false
    for _, b in ipairs(a.boilerplate) do
      if b.text:match("^%x+$") and #b.text == 64 then hash = true end
    end
    assert.is_true(hash)
  end)
  it("finds the caption", function()
    assert.are.equal(1, #a.captions)
    assert.truthy(a.captions[1].credit:find("Pool Photo via AP", 1, true))
  end)
  it("finds the dateline", function()
    assert.are.equal("KYIV, Ukraine", a.dateline.place)
    assert.are.equal("Ukraine", a.dateline.region)
    assert.are.equal("AP", a.dateline.agency)
    -- the dateline paragraph is the body's first, after the teaser
    local first_body
    for _, p in ipairs(a.paragraphs) do
      if p.role == "body" or p.role == "dateline" then first_body = p break end
    end
    assert.are.equal("dateline", first_body.role)
    assert.are.equal(first_body.start, a.dateline.start)
    assert.truthy(first_body.text:find("^KYIV, Ukraine %(AP%)"))
  end)
  it("finds the byline", function()
    assert.are.same({ "Illia Novikov", "Samuel Petrequin" }, a.byline.names)
    assert.are.equal("The Associated Press", a.byline.org)
  end)
  it("finds the date 2025-09-04 from the caption", function()
    assert.are.equal("2025-09-04", a.date)
    assert.are.equal("caption", a.date_source)
  end)
  it("marks the separator and the reporting note as boilerplate", function()
    assert.is_true(boilerplate_has(a, "___"))
    assert.is_true(boilerplate_has(a, "reported from London"))
    assert.is_true(boilerplate_has(a, "contributed to this report"))
  end)
  it("has a headline and no chrome in the body", function()
    assert.truthy(a.headline.text:find("^Macron says 26 countries"))
    for _, p in ipairs(a.paragraphs) do
      if p.role == "body" then assert.is_nil(p.text:find("Skip to content", 1, true)) end
    end
    check_all_spans(text, a)
  end)
end)
