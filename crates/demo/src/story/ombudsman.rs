//! The Housing Ombudsman: the resident refers the complaint after the landlord's final
//! response, the Ombudsman determines it, and the landlord complies with its orders.

use jiff::ToSpan;
use jiff::civil::Date;
use redress_domain::complaint::{
    Channel, Command, Direction, Finding, Item, OmbudsmanOutcome, OrderKind, OrderTerms, RecordDetermination,
    RecordOrderCompliance, ReferToOmbudsman,
};

use super::Story;
use crate::life::{Letter, Stop};
use crate::plan::OmbudsmanPlan;
use crate::random::{between, chance, pick};

impl Story<'_, '_> {
    /// Referral some days after the final response on `answered_on`, then the determination and
    /// compliance with each order, as far as the demo reaches.
    pub(super) async fn ombudsman(&mut self, answered_on: Date, plan: OmbudsmanPlan) -> Result<(), Stop> {
        let calendar = self.calendar();
        let referred_on =
            calendar.effective_received_date(answered_on.saturating_add(i64::from(plan.referred_after_days).days()))?;
        self.life.step(referred_on).await?;
        let case_reference = format!("{}{:06}", referred_on.year(), between(&mut self.life.rng, 1, 999_999));
        let command = Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: Some(case_reference.clone()) });
        self.life.act(self.officer, command, "refer to the Ombudsman").await?;
        self.letter_from_ombudsman(format!(
            "Housing Ombudsman case {case_reference}: complaint accepted for investigation"
        ))
        .await?;

        let Some(after) = plan.determined_after_days else { return Ok(()) };
        let determined_on = calendar.effective_received_date(referred_on.saturating_add(i64::from(after).days()))?;
        self.life.step(determined_on).await?;
        let points = self.life.view().complaint.stage1.acknowledgement.as_ref().map(|a| a.definition.points.clone());
        let rng = &mut self.life.rng;
        let findings: Vec<Finding> = points
            .unwrap_or_default()
            .iter()
            .take(2)
            .map(|point| Finding {
                aspect: point.text.clone(),
                outcome: *pick(
                    rng,
                    &[
                        OmbudsmanOutcome::Maladministration,
                        OmbudsmanOutcome::Maladministration,
                        OmbudsmanOutcome::ServiceFailure,
                        OmbudsmanOutcome::NoMaladministration,
                        OmbudsmanOutcome::ReasonableRedress,
                        OmbudsmanOutcome::SevereMaladministration,
                    ],
                ),
            })
            .collect();
        let at_fault = findings.iter().any(|f| {
            matches!(
                f.outcome,
                OmbudsmanOutcome::ServiceFailure
                    | OmbudsmanOutcome::Maladministration
                    | OmbudsmanOutcome::SevereMaladministration
            )
        });
        let within = |days: i64| Some(determined_on.saturating_add(days.days()));
        let mut orders = Vec::new();
        if at_fault {
            orders.push(OrderTerms {
                kind: OrderKind::Order,
                description: "Apologise to the resident in writing, from a senior manager.".into(),
                due: within(28),
            });
            orders.push(OrderTerms {
                kind: OrderKind::Order,
                description: format!(
                    "Pay the resident £{} for the distress and inconvenience caused.",
                    50 * between(rng, 2, 20)
                ),
                due: within(28),
            });
        }
        if !at_fault || chance(rng, 0.5) {
            orders.push(OrderTerms {
                kind: OrderKind::Recommendation,
                description: format!("Review how {} cases are monitored.", self.profile.topic.category.to_lowercase()),
                due: within(84),
            });
        }
        let command = Command::RecordDetermination(RecordDetermination { findings, orders });
        self.life.act(self.officer, command, "record the determination").await?;
        self.letter_from_ombudsman(format!("Housing Ombudsman case {case_reference}: determination")).await?;

        let earliest = calendar.add_working_days(determined_on, 1)?;
        let orders = self.life.view().complaint.ombudsman.as_ref().and_then(|c| c.determination.as_ref());
        let orders = orders.map(|d| d.orders.clone()).unwrap_or_default();
        for order in orders {
            let Some(due) = order.due else { continue };
            let before = i64::from(between(&mut self.life.rng, 1, 10));
            let on = calendar.effective_received_date(due.saturating_sub(before.days()))?.max(earliest);
            let evidence = "Evidence of compliance sent to the Ombudsman.".to_owned();
            let command =
                Command::RecordOrderCompliance(Item { id: order.id, body: RecordOrderCompliance { evidence } });
            self.life.later(on, self.officer, command, "record compliance with an order")?;
        }
        Ok(())
    }

    async fn letter_from_ombudsman(&mut self, subject: String) -> Result<(), Stop> {
        let letter = Letter {
            direction: Direction::Incoming,
            channel: Channel::Email,
            body: format!("{subject}. Sent by the Housing Ombudsman Service."),
            subject,
            attachment: None,
        };
        self.life.letter(self.officer, letter).await
    }
}
