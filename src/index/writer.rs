//! Index documents made from issues: one `issue` document carrying the whole model, and one
//! searchable document per article, paragraph, quote and footnote; `person` documents are made
//! from the catalog, merged over all issues.

use tantivy::TantivyDocument;

use crate::catalog::{Catalog, PersonRecord};
use crate::index::schema::Fields;
use crate::model::{Article, Issue, PersonId};

fn person_name(issue: &Issue, id: &PersonId) -> Option<String> {
    issue.person(id).map(|person| person.name.clone())
}

fn base_document(fields: &Fields, kind: &str, id: &str, issue: &Issue) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_text(fields.kind, kind);
    document.add_text(fields.id, id);
    document.add_text(fields.issue_id, issue.id.as_str());
    if let Some(year) = issue.year.and_then(|year| u64::try_from(year).ok()) {
        document.add_u64(fields.year, year);
    }
    document
}

fn add_text(fields: &Fields, document: &mut TantivyDocument, title: Option<&str>, text: &str) {
    if let Some(title) = title {
        document.add_text(fields.title, title);
        document.add_text(fields.exact, title);
    }
    document.add_text(fields.text, text);
    document.add_text(fields.exact, text);
}

fn add_people(fields: &Fields, document: &mut TantivyDocument, issue: &Issue, people: &[PersonId]) {
    for id in people {
        document.add_text(fields.person_ids, id.as_str());
        if let Some(name) = person_name(issue, id) {
            document.add_text(fields.names, &name);
        }
    }
}

/// People named in the source lines `first..=last` of an article. A note printed in the middle
/// of a paragraph does not make the people it names part of that paragraph.
fn people_in_lines(issue: &Issue, article: &Article, first: u32, last: u32) -> Vec<PersonId> {
    let in_other_note = |line: u32| {
        article.footnotes.iter().any(|note| {
            let note_lines = note.span.first_line..=note.span.last_line;
            note_lines.contains(&line)
                && !(note_lines.contains(&first) && note_lines.contains(&last))
        })
    };
    issue
        .people
        .iter()
        .filter(|person| {
            person.mentions.iter().any(|mention| {
                mention.article.as_ref() == Some(&article.id)
                    && (first..=last).contains(&mention.line)
                    && !in_other_note(mention.line)
            })
        })
        .map(|person| person.id.clone())
        .collect()
}

/// Returns the documents of one issue (without person documents).
pub fn issue_documents(fields: &Fields, issue: &Issue) -> serde_json::Result<Vec<TantivyDocument>> {
    let mut documents = Vec::new();
    let mut issue_document = base_document(fields, "issue", issue.id.as_str(), issue);
    issue_document.add_text(fields.title, &issue.title);
    issue_document.add_text(fields.model, serde_json::to_string(issue)?);
    documents.push(issue_document);

    for article in &issue.articles {
        let mut document = base_document(fields, "article", article.id.as_str(), issue);
        document.add_text(fields.article_id, article.id.as_str());
        let mut body = article.text();
        if let Some(subtitle) = &article.subtitle {
            body = format!("{subtitle}\n\n{body}");
        }
        add_text(fields, &mut document, Some(&article.title), &body);
        let headings = article
            .subtitle
            .iter()
            .chain(&article.standfirst)
            .chain(&article.subheadings);
        for heading in headings {
            document.add_text(fields.headings, heading);
        }
        add_people(fields, &mut document, issue, &article.people);
        documents.push(document);

        for (index, paragraph) in article.paragraphs.iter().enumerate() {
            let id = format!("{}/p{}", article.id, index + 1);
            let mut document = base_document(fields, "paragraph", &id, issue);
            document.add_text(fields.article_id, article.id.as_str());
            add_text(fields, &mut document, None, &paragraph.text);
            document.add_text(fields.headings, &article.title);
            let people = people_in_lines(
                issue,
                article,
                paragraph.span.first_line,
                paragraph.span.last_line,
            );
            add_people(fields, &mut document, issue, &people);
            documents.push(document);
        }
        for quote in &article.quotes {
            let mut document = base_document(fields, "quote", quote.id.as_str(), issue);
            document.add_text(fields.article_id, article.id.as_str());
            add_text(fields, &mut document, None, &quote.text);
            document.add_text(fields.headings, &article.title);
            add_people(fields, &mut document, issue, quote.speaker.as_slice());
            documents.push(document);
        }
        for footnote in &article.footnotes {
            let mut document = base_document(fields, "footnote", footnote.id.as_str(), issue);
            document.add_text(fields.article_id, article.id.as_str());
            add_text(fields, &mut document, None, &footnote.text);
            document.add_text(fields.headings, &article.title);
            let people = people_in_lines(
                issue,
                article,
                footnote.span.first_line,
                footnote.span.last_line,
            );
            add_people(fields, &mut document, issue, &people);
            documents.push(document);
        }
    }
    Ok(documents)
}

/// Returns the document of a person merged over the archive.
pub fn person_document(
    fields: &Fields,
    catalog: &Catalog,
    person: &PersonRecord,
) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_text(fields.kind, "person");
    document.add_text(fields.id, person.id.as_str());
    document.add_text(fields.person_ids, person.id.as_str());
    for issue_id in &person.issues {
        document.add_text(fields.issue_id, issue_id.as_str());
    }
    if let Some(year) = person
        .issues
        .iter()
        .filter_map(|id| catalog.issue(id.as_str()).and_then(|issue| issue.year))
        .max()
        .and_then(|year| u64::try_from(year).ok())
    {
        document.add_u64(fields.year, year);
    }
    let mut about: Vec<&str> = person.roles.iter().map(String::as_str).collect();
    // Organisations not already named in a role ("adviseur bij Common Eye").
    about.extend(
        person
            .organisations
            .iter()
            .filter(|organisation| {
                !person
                    .roles
                    .iter()
                    .any(|role| role.contains(organisation.as_str()))
            })
            .map(String::as_str),
    );
    let about = about.join("; ");
    add_text(fields, &mut document, Some(&person.name), &about);
    document.add_text(fields.names, &person.name);
    document
}
